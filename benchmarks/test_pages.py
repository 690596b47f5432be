"""Response time of the heaviest read paths at a realistic data size (run with `make bench`).

The document page (the whole tree), the activity list (first page, filters off) and the API
activity list. Each benchmark first checks that the response is a success, so a broken page
cannot produce a fast, meaningless number.
"""

from django.urls import reverse


def fetch(client, path):
    response = client.get(path)
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    return response


def test_document_page(benchmark, strategist_client, realistic_plan):
    path = reverse(
        "strategy:document-detail", kwargs={"org": "bench", "pk": realistic_plan["plan"].pk}
    )

    response = benchmark(fetch, strategist_client, path)

    assert realistic_plan["plan"].title.encode() in response.content


def test_activity_list(benchmark, strategist_client):
    path = reverse("actionplan:activity-list", kwargs={"org": "bench"})

    benchmark(fetch, strategist_client, path)


def test_activity_list_filtered_and_sorted(benchmark, strategist_client):
    path = reverse("actionplan:activity-list", kwargs={"org": "bench"})

    benchmark(fetch, strategist_client, f"{path}?status=ongoing&sort=-budget&q=Åtgärd")


def test_api_activity_list(benchmark, strategist_client):
    response = benchmark(fetch, strategist_client, "/api/v1/organisations/bench/activities")

    assert response.json()


def test_api_indicator_list(benchmark, strategist_client):
    response = benchmark(fetch, strategist_client, "/api/v1/organisations/bench/indicators")

    assert response.json()
