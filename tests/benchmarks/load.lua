-- wrk script for tests/benchmarks/run.py: one request shape per run, read from the environment.
--   BENCH_METHOD, BENCH_PATH, BENCH_BODY (form-encoded), BENCH_COOKIE: the request;
--   BENCH_CHART_PREFIX, BENCH_CHART_AXES, BENCH_CHART_SUFFIX: a chart URL with new random
--     scores every request (a flood of charts the app never linked to);
--   BENCH_EXPECT: the status every response must have (others are counted as unexpected).
-- done() prints one line "BENCH-JSON {...}" with the counts and latency percentiles (µs).

local method = os.getenv("BENCH_METHOD") or "GET"
local path = os.getenv("BENCH_PATH") or "/"
local body = os.getenv("BENCH_BODY") or ""
local cookie = os.getenv("BENCH_COOKIE") or ""
local chart_prefix = os.getenv("BENCH_CHART_PREFIX") or ""
local chart_axes = tonumber(os.getenv("BENCH_CHART_AXES") or "4")
local chart_suffix = os.getenv("BENCH_CHART_SUFFIX") or ".svg"
local expect = tonumber(os.getenv("BENCH_EXPECT") or "")

wrk.method = method
wrk.path = path
if body ~= "" then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end
if cookie ~= "" then
  wrk.headers["Cookie"] = cookie
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  unexpected = 0
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

if chart_prefix ~= "" then
  function request()
    local scores = {}
    for i = 1, chart_axes do
      scores[i] = string.format("%d.%d", math.random(0, 99), math.random(0, 9))
    end
    return wrk.format(nil, chart_prefix .. table.concat(scores, "-") .. chart_suffix)
  end
end

if expect then
  function response(status, headers, body)
    if status ~= expect then
      unexpected = unexpected + 1
    end
  end
end

function done(summary, latency, requests)
  local unexpected_total = 0
  for _, thread in ipairs(threads) do
    unexpected_total = unexpected_total + (thread:get("unexpected") or 0)
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH-JSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"errors": %d, "timeouts": %d, "bad_status": %d, "unexpected": %d, ' ..
    '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    errors.connect + errors.read + errors.write, errors.timeout, errors.status,
    unexpected_total,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
