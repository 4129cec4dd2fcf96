import pytest

from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db


def test_another_partnerships_record_is_a_plain_not_found_page(world, client_for):
    review = ReviewFactory(partnership=world.other_partnership, summary="Secret summary")
    response = client_for(world.business_unit).get(f"/reviews/{review.pk}/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "Secret summary" not in html
    assert review.ref not in html


def test_forbidden_page_says_what_to_do(world, client_for):
    response = client_for(world.practitioner).get("/referrals/")
    assert response.status_code == 403
    assert "ask your business unit" in response.content.decode()
