"""The IT partner's profile in the consultant's workspace: /<lang>/consultant/settings.

A blueprint nested in the consultant's (create_app nests it), so that its login check and
layout apply here too without either module importing the other.
"""

from __future__ import annotations

from flask import Blueprint, Flask, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from maturity import logo, partner_store
from maturity.db import get_db
from maturity.forms import PartnerForm
from maturity.partner import current_partner, logo_url

bp = Blueprint("settings", __name__, url_prefix="/settings")

PROFILE_ENDPOINT = "consultant.settings.profile"
UPLOAD_LIMIT = logo.MAX_UPLOAD_BYTES + 64 * 1024  # the logo and the rest of the form
LOGO_ERRORS = {
    "too-large": _l("The logo is larger than 1 MB. Choose a smaller file."),
    "not-an-image": _l("This file is not a PNG, JPEG, GIF or WebP image."),
    "too-many-pixels": _l("The image is too large in pixels. Choose a smaller one."),
}


def allow_logo_upload() -> None:
    """before_request, ahead of CSRFProtect (which reads the form): only the profile page
    accepts a body larger than MAX_CONTENT_LENGTH, for its logo."""
    if request.endpoint == PROFILE_ENDPOINT and request.method == "POST":
        request.max_content_length = UPLOAD_LIMIT
        # Werkzeug's multipart parser holds a chunk of the file against this limit as well.
        request.max_form_memory_size = UPLOAD_LIMIT


def uploaded_logo(form: PartnerForm) -> bytes | None:
    """The uploaded logo re-encoded, None without one; the form gets an error when it is bad."""
    upload = form.logo.data
    if not upload or not getattr(upload, "filename", ""):
        return None
    try:
        return logo.normalize_logo(upload.read(logo.MAX_UPLOAD_BYTES + 1))
    except logo.LogoError as exc:
        form.logo.errors = [*form.logo.errors, str(LOGO_ERRORS[exc.reason])]
        return None


@bp.route("", methods=["GET", "POST"])
def profile():
    partner = current_partner()
    form = PartnerForm(obj=partner)
    if form.validate_on_submit():
        png = uploaded_logo(form)
        if not form.logo.errors:
            db = get_db()
            partner_store.save_partner_profile(
                db, **{name: form[name].data for name in partner_store.PROFILE_FIELDS}
            )
            if png or form.remove_logo.data:
                partner_store.save_partner_logo(db, png)
            flash(_("Your profile is saved. Respondents see it from now on."), "info")
            return redirect(url_for(".profile"))
    return render_template(
        "consultant/settings.html", form=form, partner=partner, logo_url=logo_url(partner)
    )


def init_app(app: Flask) -> None:
    """Call before CSRFProtect's init_app: see allow_logo_upload."""
    app.before_request(allow_logo_upload)
