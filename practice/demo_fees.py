"""Demo content for the Fees page: what a small Los Angeles group practice might charge, in the
project's own words. Created once; an admin's later edits are never overwritten."""

from practice.models import FeesPage, SessionFee

SESSION_FEES = [
    ("First consultation call (15 minutes)", 0, "By phone or video, with no obligation."),
    ("Individual session (50 minutes)", 200, ""),
    ("Couples or family session (50 minutes)", 240, ""),
    ("Extended individual session (80 minutes)", 300, "Often chosen for the first few weeks."),
]


def seed_fees(home, command=None):
    """The Fees page under the home page, with the demo's fees, when the site has none."""
    existing = FeesPage.objects.first()
    if existing is not None:
        return existing
    page = FeesPage(
        title="Fees and insurance",
        slug="fees",
        show_in_menus=True,
        search_description=(
            "What therapy costs at Blair Wellness Group: session fees, a sliding scale, "
            "insurance and superbills, and your right to a Good Faith Estimate."
        ),
        summary=(
            "What sessions cost, how insurance works with us, and your right to a Good Faith "
            "Estimate."
        ),
        intro=(
            "<p>The first call is free: a chance to ask questions and see whether we are a good "
            "fit. We are happy to talk through fees and insurance then, too.</p>"
        ),
        session_fees=[
            SessionFee(session_type=kind, fee=fee, note=note) for kind, fee, note in SESSION_FEES
        ],
        sliding_scale_offered=True,
        sliding_scale_text=(
            "We keep a limited number of reduced-fee spots for clients with financial need. Ask "
            "us whether one is open."
        ),
        sliding_scale_low=90,
        sliding_scale_high=160,
        in_network_plans=[("plan", "Aetna"), ("plan", "Blue Shield of California")],
        superbills_offered=True,
        out_of_network_note=(
            "With other plans we are out of network. Many PPO plans pay back part of the fee: "
            "ask your insurer about your out-of-network mental health benefits."
        ),
        payment_methods="Credit and debit cards, and HSA and FSA cards.",
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    if command is not None:
        command.record(f"{page._meta.verbose_name}: {page.url_path}")
    return page
