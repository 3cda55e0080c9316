"""The 主动发现 staff page's adapter logic (app/ui/outreach_state.py): which files are refused before
reading and in what words, leads shown per service (masked, in the services' order, cut to a page),
where a refused contact record points, and the services a run can choose."""

from __future__ import annotations

from datetime import date

import pytest

from app.outreach import service as osv
from app.outreach.models import METHODS, OUTCOMES
from app.ui import outreach_text as T
from app.ui.outreach_state import (
    FIELD_ID,
    PAGE_SIZE,
    contact_field,
    group_leads,
    lead_row,
    upload_problem,
)
from tests.idnumbers import make_id
from tests.outreach.test_outreach import make_staff

TODAY = date(2026, 3, 1)


@pytest.mark.parametrize(("name", "size", "count", "words"), [
    ("居民名单.csv", 0, 0, T.ERR_NO_FILE),
    ("a.csv", 10, 2, T.ERR_TWO_FILES),
    ("居民名单.xlsx", 10, 1, T.ERR_EXCEL),
    ("名单.XLS", 10, 1, T.ERR_EXCEL),
    ("名单.pdf", 10, 1, T.ERR_NOT_CSV),
    ("名单", 10, 1, T.ERR_NOT_CSV),
    ("名单.csv", 0, 1, T.ERR_EMPTY_FILE),
    ("名单.csv", 21 * 1024 * 1024, 1, T.ERR_TOO_BIG.format(mb=20)),
])
def test_a_file_that_cannot_be_a_residents_csv_is_refused_in_kind_words(name, size, count, words):
    assert upload_problem(name, size, count) == words
    assert "CsvFormatError" not in words and "Traceback" not in words


@pytest.mark.parametrize("name", ["居民名单.csv", "MINGDAN.CSV", "导出.txt", "unicode.tsv"])
def test_a_csv_or_text_file_is_read(name):
    assert upload_problem(name, 120) == ""


def _view(i: int, code: str, verdict: str = "likely", **kw) -> osv.LeadView:
    base = dict(id=i, service_code=code, service_name=code, verdict=verdict, reasons=["年满80周岁"], to_ask=[],
                name_masked="王*", id_number_masked="3201**********0011", phone_masked="139****5678",
                community="梅园社区", source_line=None, source_ref=None, person_id=None)
    return osv.LeadView(**{**base, **kw})


def test_a_lead_row_keeps_only_masked_identifiers_and_says_where_it_came_from():
    row = lead_row(_view(7, "MZ-ZLJ-01", "maybe", source_line=4, source_ref="12", to_ask=["是否独居"]))
    assert (row.id, row.name, row.id_number, row.phone) == (7, "王*", "3201**********0011", "139****5678")
    assert row.verdict_label == "需核实" and row.status_label == "待联系"
    assert row.source == "名单第 4 行（序号 12）" and row.to_ask == ["是否独居"]
    assert lead_row(_view(8, "MZ-ZLJ-01")).source == ""  # a database lead has no file line


def test_leads_are_grouped_per_service_in_the_offered_order_and_cut_to_a_page():
    names = {"MZ-ZLJ-01": "尊老金申领", "MZ-CJR-02": "重度残疾人护理补贴申领", "MZ-DB-01": "低保"}
    rows = [lead_row(_view(i, "MZ-CJR-02")) for i in range(3)]
    rows += [lead_row(_view(100 + i, "MZ-ZLJ-01")) for i in range(PAGE_SIZE + 5)]
    groups = group_leads(rows, names)
    assert [g.code for g in groups] == ["MZ-ZLJ-01", "MZ-CJR-02"]  # 低保 had none: left out
    zlj, cjr = groups
    assert (zlj.name, zlj.count, len(zlj.leads), zlj.more) == ("尊老金申领", PAGE_SIZE + 5, PAGE_SIZE, True)
    assert zlj.shown_text == f"显示 {PAGE_SIZE} / {PAGE_SIZE + 5} 条"
    assert (cjr.count, len(cjr.leads), cjr.more) == (3, 3, False)
    more = group_leads(rows, names, {"MZ-ZLJ-01": PAGE_SIZE * 2})
    assert (len(more[0].leads), more[0].more) == (PAGE_SIZE + 5, False)
    assert group_leads([], names) == []


def test_a_refused_contact_record_points_at_the_field_it_is_about():
    assert contact_field("", OUTCOMES[0]) == "method"
    assert contact_field(METHODS[0], "") == "outcome"
    assert contact_field(METHODS[0], "随便写的") == "outcome"
    assert {"method", "outcome", "reason", "services", "file"} <= set(FIELD_ID)


def test_the_services_offered_are_those_with_rules_named_for_people(kb):
    offered = osv.outreach_services(kb)
    assert ("MZ-ZLJ-01", kb.services["MZ-ZLJ-01"].name) in offered
    assert len({c for c, _ in offered}) == len(offered) >= 5
    assert all(name and not name.startswith("MZ-") for _c, name in offered)


def test_the_page_flow_over_the_service_a_csv_run_reveal_and_contact(database, kb):
    """What the page's handlers do, in order, against the domain: the rows it would draw."""
    staff = make_staff(database, role="community_agent", phone="13800000077")
    idn = make_id("320102", "19400105", "871")
    data = ("序号,姓名,身份证号,户籍地,联系电话,社区\r\n"
            f"1,钱桂英,{idn},南京市,13912340077,梅园社区\r\n2,坏行,320102194001051234,南京市,,\r\n").encode()
    assert upload_problem("名单.csv", len(data)) == ""
    result = osv.discover_csv(database, kb, staff, data, today=TODAY)
    groups = group_leads([lead_row(v) for v in result.leads], dict(osv.outreach_services(kb)))
    zlj = next(g for g in groups if g.code == "MZ-ZLJ-01")
    lead = zlj.leads[0]
    assert lead.name == "钱*英" and "13912340077" not in repr(groups) and idn not in repr(groups)
    assert [str(e) for e in result.errors] and str(result.errors[0]).startswith("第3行")
    shown = osv.contact_details(database, staff, lead.id, "电话告知尊老金申请")
    assert shown["phone"] == "13912340077" and shown["name"] == "钱桂英"
    osv.record_contact(database, staff, lead.id, "电话", "联系不上", "")
    assert [c.outcome for c in osv.contacts_for(database, staff, lead.id)] == ["联系不上"]


def test_a_citizen_gets_the_domains_refusal_not_the_leads(database, kb):
    citizen = make_staff(database, role="citizen", phone="13800000078")
    with pytest.raises(osv.OutreachDenied) as refused:
        osv.discover_database(database, kb, citizen, today=TODAY)
    assert "工作人员" in refused.value.message


def test_a_database_lead_shows_the_records_masked_id_number_and_phone(database, kb):
    """So staff can tell two 王* apart in a database run without revealing anything."""
    from sqlmodel import Session

    from app.core.crypto import encrypt
    from app.core.privacy import mask_id_number, mask_phone
    from app.identity.service import find_or_create_person

    staff = make_staff(database, phone="13800000079")
    idn = make_id("320102", "19400105", "872")
    with Session(database) as s:
        p = find_or_create_person(s, name="周玉芬", id_number=idn, hukou_region="南京市", verified_by="staff")
        p.phone_enc, p.phone_masked = encrypt("13912340079"), mask_phone("13912340079")
        s.add(p)
        s.commit()
    result = osv.discover_database(database, kb, staff, today=TODAY, services=["MZ-ZLJ-01"])
    (lead,) = [v for v in result.leads if v.name_masked == "周*芬"]
    assert (lead.id_number_masked, lead.phone_masked) == (mask_id_number(idn), "139****0079")
    assert idn not in osv.leads_csv(result) and "13912340079" not in osv.leads_csv(result)
    assert osv.contact_details(database, staff, lead.id, "电话告知")["phone"] == "13912340079"
