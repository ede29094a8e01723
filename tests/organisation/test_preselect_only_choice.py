"""A new workspace form's required choice with exactly one possible answer is already chosen,
by one shared helper (organisation.forms.preselect_only_choice)."""

import pytest
from django import forms

from lagesbild.est_vecka_forms import EstAtgardForm, EstPrioriteringForm
from organisation.forms import preselect_only_choice
from organisation.models import Organ
from samverkan.models import Samverkansgrupp
from tests.factories import OmradeFactory, OrganFactory, SamverkansgruppFactory

pytestmark = pytest.mark.django_db


class _Form(forms.Form):
    required = forms.ModelChoiceField(queryset=Organ.objects.none())
    optional = forms.ModelChoiceField(queryset=Organ.objects.none(), required=False)
    several = forms.ModelMultipleChoiceField(queryset=Organ.objects.none())

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.queryset = queryset
        preselect_only_choice(self)


def test_a_required_choice_with_one_answer_is_chosen_and_optional_or_multiple_ones_are_not():
    only = OrganFactory()

    form = _Form(queryset=Organ.objects.filter(pk=only.pk))

    assert form.initial == {"required": only.pk}
    assert f'<option value="{only.pk}" selected>' in str(form["required"])


def test_a_choice_between_two_answers_is_left_to_the_official():
    OrganFactory(), OrganFactory()

    assert _Form(queryset=Organ.objects.all()).initial == {}


def test_a_posted_form_is_never_changed():
    only = OrganFactory()

    form = _Form({"required": ""}, queryset=Organ.objects.filter(pk=only.pk))

    assert form.initial == {}
    assert not form.is_valid()


@pytest.fixture
def est_group(db):
    grupp = SamverkansgruppFactory(kind=Samverkansgrupp.Kind.EST)
    grupp.omraden.add(OmradeFactory(name="Hässleholmen"))
    return grupp


@pytest.mark.parametrize("form_class", [EstAtgardForm, EstPrioriteringForm])
def test_est_forms_of_a_group_with_one_district_have_it_chosen(est_group, form_class):
    (district,) = est_group.omraden.all()

    form = form_class(grupp=est_group)

    assert form.initial["omrade"] == district.pk


def test_est_forms_of_a_group_with_two_districts_leave_the_choice(est_group):
    est_group.omraden.add(OmradeFactory(name="Norrby"))

    assert "omrade" not in EstAtgardForm(grupp=est_group).initial
