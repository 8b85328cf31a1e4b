"""The respondent's ways to the IT partner: a contact request from the result, the personal
link by e-mail, and the privacy page that says who sees what."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _

from maturity import partner_store
from maturity.db import get_db
from maturity.forms import ContactForm, SendLinkForm
from maturity.i18n import LANG_PREFIX
from maturity.mail import mail_enabled, send_mail
from maturity.partner import current_partner, partner_name
from maturity.partner_store import ContactRequest
from maturity.reports import respondent_result_page
from maturity.respondent import current_assessment, personal_link_url
from maturity.store import Assessment

bp = Blueprint("contact", __name__, url_prefix=LANG_PREFIX)

MAX_CONTACT_REQUESTS = 5  # per assessment: enough to correct a typo, too few to flood
MAX_LINKS_MAILED = 3  # per assessment: the form must not become a way to send mail to anyone


def require_submitted_assessment() -> Assessment:
    assessment = current_assessment()
    if assessment is None or not assessment.is_submitted:
        flash(_("Start a new scan, or open your personal link to continue one."), "info")
        abort(redirect(url_for("survey.landing")))
    return assessment


def result_url() -> str:
    return url_for("survey.result", _anchor="next-step")


def notify_partner(assessment: Assessment, contact: ContactRequest) -> None:
    """Tell the partner by e-mail of a new request, when mail and the partner's address are set."""
    partner = current_partner()
    if partner is None or not partner.email:
        return
    link = url_for("consultant.assessment", public_id=assessment.public_id, _external=True)
    lines = [
        _(
            "%(name)s of %(company)s asks to be contacted about their IT maturity scan.",
            name=contact.contact_name,
            company=assessment.company,
        ),
        "",
        f"{_('E-mail address')}: {contact.email or '-'}",
        f"{_('Phone')}: {contact.phone or '-'}",
        "",
        contact.message or "",
        "",
        link,
    ]
    subject = _("Contact request: %(company)s", company=assessment.company)
    send_mail(subject, [partner.email], "\n".join(lines), reply_to=contact.email)


@bp.route("/contact", methods=["POST"])
def request_contact():
    assessment = require_submitted_assessment()
    form = ContactForm()
    if not form.validate():
        return respondent_result_page(assessment, contact_form=form)
    db = get_db()
    if len(partner_store.list_contact_requests(db, assessment.id)) >= MAX_CONTACT_REQUESTS:
        flash(
            _(
                "We have your requests already; %(partner)s will contact you.",
                partner=partner_name(current_partner()),
            ),
            "info",
        )
        return redirect(result_url())
    contact = partner_store.add_contact_request(
        db,
        assessment.id,
        contact_name=form.contact_name.data,
        email=form.email.data,
        phone=form.phone.data,
        message=form.message.data,
        language=g.lang,
    )
    notify_partner(assessment, contact)
    flash(
        _("Thank you. %(partner)s will contact you soon.", partner=partner_name(current_partner())),
        "info",
    )
    return redirect(result_url())


@bp.route("/send-link", methods=["POST"])
def send_link():
    assessment = require_submitted_assessment()
    link = personal_link_url(g.lang)
    if not mail_enabled() or link is None:
        abort(404)
    form = SendLinkForm()
    if not form.validate():
        return respondent_result_page(assessment, link_form=form)
    if not partner_store.reserve_link_mail(get_db(), assessment.id, MAX_LINKS_MAILED):
        flash(_("The link was e-mailed several times already. Copy it instead."), "warning")
        return redirect(url_for("survey.result", _anchor="personal-link"))
    body = "\n\n".join(
        [
            _(
                "Your personal link to the result of the IT maturity scan for %(company)s:",
                company=assessment.company,
            ),
            link,
            _("Anyone with this link can see your answers: keep it to yourself."),
        ]
    )
    sent = send_mail(_("Your IT maturity scan"), [form.email.data], body)
    if sent:
        flash(_("We e-mailed your personal link to %(email)s.", email=form.email.data), "info")
    else:
        flash(_("The e-mail could not be sent just now. Copy the link instead."), "warning")
    return redirect(url_for("survey.result", _anchor="personal-link"))


@bp.route("/privacy")
def privacy():
    return render_template(
        "survey/privacy.html", purge_days=current_app.config["PURGE_DRAFTS_AFTER_DAYS"]
    )
