import pytest

pytestmark = pytest.mark.django_db


def test_pages_render(world, client_for, review, published):
    c = client_for(world.business_unit)
    for u in ["/", "/reviews/", f"/reviews/{review.pk}/", f"/reviews/{review.pk}/edit/",
              f"/reviews/{review.pk}/access/", f"/reviews/{review.pk}/delays/new/",
              "/reviews/?sort=timeliness&order=desc&status=underway"]:
        r = c.get(u)
        assert r.status_code == 200, (u, r.content[:3000])
    c = client_for(world.practitioner)
    assert c.get("/").status_code == 200
