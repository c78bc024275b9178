"""The dashboard's table of referrals closed lately, by the code they closed with, in the
reader's language."""

import re

from tests.e2e.test_pages import issue_referral, open_case, post, switch_user
from tests.support.network import demo
from tests.support.pages import sign_in


def test_the_supervisor_sees_closings_by_reason_in_russian(client, uow):
    to = {"institution_id": str(demo(uow).aids_centre)}  # demo-focal's inbox
    csrf = sign_in(client, "demo-caseworker")
    declined, _ = issue_referral(client, csrf, open_case(client, csrf), **to)
    case_path = open_case(client, csrf)
    cancelled, _ = issue_referral(client, csrf, case_path, **to)
    cancel = {"reason_code": "client_declined"}
    assert (
        post(client, f"{case_path}/referrals/{cancelled}/cancel", csrf, **cancel).status_code == 303
    )
    focal = switch_user(client, "demo-focal")
    reject = {"reason_code": "no_capacity"}
    assert post(client, f"/inbox/{declined}/reject", focal, **reject).status_code == 303

    switch_user(client, "demo-supervisor")
    page = client.get("/dashboard?lang=ru").text
    assert "Направления, закрытые за последние 30 дней, по учреждениям и причинам" in page
    head = re.search(r'<table class="closed">(.*?)</thead>', page, re.S).group(1)
    assert "Отклонено: 1" in head and "Отменено: 1" in head  # each a sum of its columns
    assert "Сейчас нет возможности принять" in head
    assert "Бенефициар больше не нуждается в услуге" in head
    row = re.search(r'<table class="closed">.*?<tbody>\s*<tr><td>[^<]+</td>(.*?)</tr>', page, re.S)
    cells = re.findall(r'<td class="n">(.*?)</td>', row.group(1))
    assert cells.count("1") == 2 and cells[-1] == "<strong>2</strong>"
