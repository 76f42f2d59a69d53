"""The consultation request form and what happens when it is sent.

Guards (honeypot, rate limit, length limits) answer a person with a message and give their
details back; a double submit is recognised and creates nothing new; the notification e-mail says
only that a request is waiting, never who sent it.
"""

import logging

from django import forms
from django.conf import settings
from django.core.mail import send_mail
from django.core.validators import RegexValidator
from django.db import DatabaseError, IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from wagtail.models import Site

from practice.forms import (
    HoneypotMixin,
    KeptBlankFormMixin,
    KeptCheckboxSelectMultiple,
    KeptRadioSelect,
    KeptSelect,
    PublicFormMixin,
)
from practice.http import rate_limited
from practice.models import ClinicianPage, public_pages
from practice.models.consultation_requests import ConsultationRequest
from practice.models.settings import PracticeSettings, phone_validator
from practice.page_cache import private_param
from practice.query_plans import QueryPlan
from practice.us_states import PSYPACT_STATES, US_STATES, state_name

logger = logging.getLogger(__name__)

RATE_LIMIT = 5  # requests per client address …
RATE_WINDOW = 60 * 60  # … per hour
FORM_ERROR = "Your request has not been sent yet. Please check these, then send it again:"


PHONE_EXAMPLE = "(310) 555-0142"
# What each problem asks the person to do, in words that stand alone: the error summary lists them
# without the fields' labels. The two "which way to reach you" checks are the model's clean().
ERROR_MESSAGES = {
    "name": {
        "required": "Enter your name",
        "max_length": "Shorten your name to %(limit_value)d characters or fewer",
    },
    "contact_by": {
        "required": "Choose how we should reach you: by phone or by e-mail",
        "invalid_choice": "Choose how we should reach you: by phone or by e-mail",
    },
    "phone": {"max_length": f"Check the phone number: it should look like {PHONE_EXAMPLE}"},
    "email": {"max_length": "Check the e-mail address: it is longer than an address can be"},
    "service_mode": {
        "required": "Choose how you would like to meet, or “No preference”",
        "invalid_choice": "Choose how you would like to meet, or “No preference”",
    },
    "message": {
        "max_length": "Shorten your message to %(limit_value)d characters (it has %(show_value)d)"
    },
}


class ConsultationRequestForm(KeptBlankFormMixin, HoneypotMixin, PublicFormMixin, forms.ModelForm):
    """The request form of one contact page: its consent wording, and the message box (with the
    page's warning not to include health details) only where the page offers it. Shown blank,
    its fields' markup is kept per process under everything they are made from (`kept_key`)."""

    availability = forms.MultipleChoiceField(
        label="Good times to call",
        choices=ConsultationRequest.Availability.choices,
        widget=KeptCheckboxSelectMultiple,
        required=False,
        help_text="Check any that work for you.",
        error_messages={
            "invalid_choice": "Choose from the times listed",
            "invalid_list": "Choose from the times listed",
        },
    )
    consent = forms.BooleanField(  # labeled with the page's consent wording
        error_messages={"required": "Check the box so we can contact you"},
    )

    class Meta:
        model = ConsultationRequest
        fields = [
            "name",
            "contact_by",
            "phone",
            "email",
            "service_mode",
            "session_state",
            "clinician",
            "availability",
            "message",
        ]
        labels = {
            "name": "Your name",
            "contact_by": "How should we reach you?",
            "phone": "Phone number",
            "email": "E-mail address",
            "service_mode": "How would you like to meet?",
            "session_state": "For phone or video: the state you will be in during sessions",
            "clinician": "A clinician you would like to see",
            "message": "Anything we should know to arrange a call",
        }
        help_texts = {
            "phone": f"Needed if you would like a call, e.g. {PHONE_EXAMPLE}.",
            "email": "Needed if you would like an e-mail, e.g. name@example.com.",
            "session_state": "Our clinicians may see you by phone or video only in the states "
            "where they are licensed.",
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_by": KeptRadioSelect,
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "service_mode": KeptRadioSelect,
            "session_state": KeptSelect,
            "message": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = ERROR_MESSAGES

    def __init__(self, *args, page, clinicians=(), practice=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The state is optional (asked on the call when not given); given for phone or video,
        # someone on the team must be licensed there (clean). The clinician is one of the
        # site's public clinicians (`clinicians`), by name.
        self.clinicians = list(clinicians)
        self.psypact_states = (
            PSYPACT_STATES if practice is None else list(practice.psypact_states or [])
        )
        field = self.fields["clinician"]
        field.queryset = field.queryset.filter(pk__in=[c.pk for c in self.clinicians])
        # Offered from the clinicians already read (in page order, as the queryset's), not by
        # reading them again; a choice sent back is still checked against the queryset.
        field.widget = KeptSelect()
        field.widget.is_required = field.required
        field.choices = [("", "No preference")] + [(c.pk, c.title) for c in self.clinicians]
        field.error_messages["invalid_choice"] = (
            "Choose a clinician from the list, or “No preference”"
        )
        if len(self.clinicians) < 2:
            del self.fields["clinician"]
        state = self.fields["session_state"]
        state.choices = [("", "Choose a state")] + list(US_STATES)
        state.template_name = "forms/session_state_field.html"
        state.crisis_text = getattr(practice, "crisis_text", "")
        state.licensed_states = sorted(
            {code for c in self.clinicians for code in c.telehealth_states(self.psypact_states)}
        )
        self.fields["consent"].label = page.consent_text
        if page.allow_message:
            self.fields["message"].warning = page.health_details_warning
        else:
            del self.fields["message"]
        self.fields["contact_by"].choices = ConsultationRequest.ContactBy.choices
        self.fields["service_mode"].choices = ConsultationRequest.ServiceMode.choices
        # The model's phone check (shared with the practice's own number) says "e.g. 310-999-4996";
        # here the same pattern answers with the US format people see in the help text.
        self.fields["phone"].validators.append(
            RegexValidator(
                phone_validator.regex,
                f"Check the phone number: use digits, like {PHONE_EXAMPLE}",
            )
        )

    def kept_key(self):
        """Everything `__init__` takes from the page, the practice's settings and the
        clinicians, as the fields carry it."""
        state = self.fields["session_state"]
        message = self.fields.get("message")
        clinician = self.fields.get("clinician")
        return (
            self.fields["consent"].label,
            None if message is None else message.warning,
            None if clinician is None else tuple(clinician.choices),
            str(state.crisis_text),
            tuple(state.licensed_states),
        )

    def clean(self):
        cleaned_data = super().clean()
        mode = cleaned_data.get("service_mode")
        state = cleaned_data.get("session_state")
        remote = mode in (
            ConsultationRequest.ServiceMode.PHONE,
            ConsultationRequest.ServiceMode.VIDEO,
        )
        if state and (remote or mode == ConsultationRequest.ServiceMode.ANY):
            chosen = cleaned_data.get("clinician")
            able = [c for c in self.clinicians if c.sees_clients_in(state, self.psypact_states)]
            if not able:
                self.add_error("session_state", unlicensed_state_message(state))
            elif chosen is not None and chosen not in able:
                names = ", ".join(c.title for c in able)
                self.add_error(
                    "clinician",
                    f"{chosen.title} is not licensed to see you in {state_name(state)}; {names} "
                    f"can. Choose one of them or “No preference”",
                )
        return cleaned_data


def unlicensed_state_message(state):
    return (
        f"We are sorry: none of our clinicians is licensed to see you by phone or video while "
        f"you are in {state_name(state)}. If you will be in another state for your sessions, "
        f"choose it; otherwise a therapist licensed in {state_name(state)} can help, and we are "
        f"glad to suggest where to look"
    )


def notify_practice(request):
    """Tell the practice a request is waiting: a link to the admin, and nothing else.

    Runs after the request is saved, so nothing here may turn the person's answer into an error
    page: a database blip while reading the settings is logged, like a mail outage.
    """
    recipient = getattr(settings, "CONSULTATION_NOTIFY_EMAIL", "")
    if not recipient:
        try:
            recipient = PracticeSettings.for_request(request).email
        except DatabaseError:
            logger.exception("Could not read the practice's e-mail for the notification.")
            return
    if not recipient:
        logger.warning("A consultation request arrived but no notification address is set.")
        return
    admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "wagtailsnippets_practice_consultationrequest:list"
    )
    try:
        send_mail(
            "A new consultation request is waiting",
            "A new consultation request has arrived on the website.\n\n"
            f"Read it in the admin (you will need to sign in):\n{admin_url}\n\n"
            "For privacy this e-mail does not contain any of the person's details.",
            None,
            [recipient],
        )
    except Exception:  # the request is saved; a mail outage must not turn into an error page
        logger.exception("Could not send the consultation request notification.")


FORM_CLINICIANS = QueryPlan("the consultation form's clinicians")  # the same SQL for a site


def form_options(page, request):
    """What the form offers: the site's public clinicians (by page order) and its settings."""
    site = Site.find_for_request(request)
    clinicians = FORM_CLINICIANS.rows(
        site.root_page.path if site else None,
        lambda: public_pages(ClinicianPage.objects.all(), site).order_by("path"),
    )
    return {"clinicians": clinicians, "practice": PracticeSettings.for_request(request)}


def handle_contact_form(page, request):
    options = form_options(page, request)
    if request.method != "POST":
        # "Request a consultation with Dr. Blair" (a profile, the finder) names the clinician;
        # a page showing that is never served to another visitor from the cache.
        initial = {}
        slug = private_param(request, "clinician")
        if slug:
            chosen = next((c for c in options["clinicians"] if c.slug == slug), None)
            if chosen is not None:
                initial["clinician"] = chosen.pk
        form = ConsultationRequestForm(page=page, initial=initial, **options)
        return page.render(request, context_overrides={"form": form})

    form = ConsultationRequestForm(request.POST, page=page, **options)

    def again(status, error):
        response = page.render(request, context_overrides={"form": form, "form_error": error})
        response.status_code = status
        return response

    # Another site's form never reaches here: practice.csrf refuses it (accepts_public_form_posts).
    if not form.is_valid():
        return again(400, FORM_ERROR)
    if rate_limited("consultation", request, RATE_LIMIT, RATE_WINDOW):
        return again(
            429,
            "We have received several requests from your connection in the last hour. Please "
            "try again later or call us: your details are still in the form below.",
        )
    consultation = form.save(commit=False)
    consultation.consent = True
    consultation.fingerprint = consultation.compute_fingerprint()
    try:
        with transaction.atomic():
            consultation.save()
    except IntegrityError:
        pass  # the same request was already sent today: show the same confirmation
    else:
        transaction.on_commit(lambda: notify_practice(request))
    # The form's action ends in #form-errors (the error summary); a redirect without a fragment
    # of its own would keep it, so the confirmation names the top of its page.
    return HttpResponseRedirect(page.url + page.reverse_subpage("thanks") + "#top")
