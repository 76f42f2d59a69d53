"""Choice widgets whose markup is kept (practice.forms.KeptChoicesMixin): Django's markup, for
every value, attribute and list of choices."""

from django import forms

from practice.forms import KeptCheckboxSelectMultiple, KeptRadioSelect, KeptSelect

STATES = [("", "Choose a state"), ("CA", "California"), ("NY", "New York")]


def test_the_markup_is_djangos_for_each_value_and_attribute():
    for kept, plain in [
        (KeptSelect, forms.Select),
        (KeptRadioSelect, forms.RadioSelect),
        (KeptCheckboxSelectMultiple, forms.CheckboxSelectMultiple),
    ]:
        for value in ["", "CA", ["NY"], None]:
            for attrs in [{"id": "id_state"}, {"id": "id_state", "aria-invalid": "true"}]:
                expected = plain(choices=STATES).render("state", value, attrs)
                assert kept(choices=STATES).render("state", value, attrs) == expected
                assert kept(choices=STATES).render("state", value, attrs) == expected  # kept


def test_other_choices_are_other_markup():
    first = KeptSelect(choices=STATES).render("state", "CA", {"id": "x"})
    fewer = KeptSelect(choices=STATES[:2]).render("state", "CA", {"id": "x"})
    assert "New York" in first and "New York" not in fewer
    assert 'value="CA" selected' in first
    other = KeptSelect(choices=STATES).render("state", "NY", {"id": "x"})
    assert 'value="NY" selected' in other and 'value="CA" selected' not in other
