"""主动发现: the residents CSV (encodings, bad rows), leads and exclusions, staff only, audit, contacts."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, select

from app.applications.models import Application
from app.audit.models import AuditEvent
from app.core.crypto import encrypt, lookup_hash
from app.core.privacy import mask_phone
from app.identity.models import Account
from app.identity.service import Actor, find_or_create_person
from app.outreach import service as os_
from app.outreach.models import OutreachContact, OutreachLead, OutreachRun
from app.outreach.residents import CsvFormatError, read_residents
from tests.idnumbers import make_id

TODAY = date(2026, 3, 1)
ID_OLD_NJ = make_id("320102", "19400105", "111")   # 86, 南京
ID_ZJ_79 = make_id("321102", "19470101", "222")    # 79, 镇江: 尊老金 from 79 there
ID_NJ_79 = make_id("320102", "19470101", "333")    # 79, 南京: not yet
ID_DISABLED = make_id("320102", "19800101", "444")  # 46, 肢体一级
PHONE = "13912345678"

HEADER = "序号,姓名,身份证号,出生日期,户籍地,户籍区县,残疾类别,残疾等级,家庭情况,独居,联系电话,社区,已享受"
ROWS = [
    f"1,王大爷,{ID_OLD_NJ},,南京市,玄武区,,,,,{PHONE},梅园社区,",
    f"2,李奶奶,{ID_ZJ_79},,镇江市,,,,,,,大市口社区,",
    f"3,赵爷爷,{ID_NJ_79},,南京市,,,,,,,梅园社区,",
    f"4,孙某,{ID_DISABLED},,南京市,,肢体,一级,无,,,梅园社区,",
    "5,错日期,,1950-02-30,南京市,,,,,,,梅园社区,",
    "6,错城市,,1950-02-01,火星市,,,,,,,梅园社区,",
    f"7,已领,{make_id('320102', '19300101', '555')},,南京市,,,,,,,梅园社区,尊老金",
]


def csv_bytes(rows=ROWS, encoding="utf-8", header=HEADER, sep=","):
    text = "\r\n".join([header, *rows]) + "\r\n"
    if sep != ",":
        text = text.replace(",", sep)
    return text.encode(encoding)


def make_staff(database, role="window_staff", phone="13800000001") -> Actor:
    with Session(database) as s:
        acc = Account(phone_hash=lookup_hash(phone), phone_enc=encrypt(phone), phone_masked=mask_phone(phone), role=role)
        s.add(acc)
        s.commit()
        return Actor(account_id=acc.id, role=role, person_id=None, channel="cli")


@pytest.fixture()
def staff(database):
    return make_staff(database)


def leads_by(result):
    return {(v.source_ref, v.service_code): v for v in result.leads}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_every_excel_encoding(kb, encoding):
    parsed = read_residents(kb, csv_bytes(encoding=encoding), TODAY, ["MZ-ZLJ-01"])
    assert [r.ref for r in parsed.residents] == ["1", "2", "3", "4", "7"]
    assert parsed.residents[0].facts.hukou_city == "南京市"


def test_csv_utf16_tab_separated(kb):
    parsed = read_residents(kb, b"\xff\xfe" + "\r\n".join([HEADER, *ROWS]).replace(",", "\t").encode("utf-16-le"),
                            TODAY, ["MZ-ZLJ-01"])
    assert len(parsed.residents) == 5


def test_bad_rows_get_line_numbers_and_the_rest_runs(kb):
    rows = [*ROWS, f"8,重复,{ID_OLD_NJ},,南京市,,,,,,,,", "9,坏号,320102194001051234,,南京市,,,,,,,,",
            "10,无年龄,,,南京市,,,,,,,,", "11,坏电话,,1950-01-01,南京市,,,,,,12345,,", "12,多列,,1950-01-01,南京市,,,,,,,,,,,x"]
    parsed = read_residents(kb, csv_bytes(rows), TODAY, ["MZ-ZLJ-01"])
    msgs = {e.line: e.message for e in parsed.errors}
    assert set(msgs) == {6, 7, 9, 10, 11, 12, 13}
    assert "2月没有30日" in msgs[6] and "火星市" in msgs[7] and "第2行" in msgs[9]
    assert "身份证号码不正确" in msgs[10] and "年龄" in msgs[11] and "电话" in msgs[12] and "列" in msgs[13]
    assert str(parsed.errors[0]).startswith("第6行：")
    assert len(parsed.residents) == 5


def test_a_file_without_known_columns_is_refused_in_chinese(kb):
    with pytest.raises(CsvFormatError, match="列名"):
        read_residents(kb, b"a,b\n1,2\n", TODAY, ["MZ-ZLJ-01"])
    with pytest.raises(CsvFormatError, match="空"):
        read_residents(kb, b"", TODAY, ["MZ-ZLJ-01"])


def test_id_and_birth_date_must_agree(kb):
    rows = [f"1,某,{ID_OLD_NJ},1941-01-05,南京市,,,,,,,,"]
    parsed = read_residents(kb, csv_bytes(rows), TODAY, ["MZ-ZLJ-01"])
    assert "不一致" in parsed.errors[0].message


def test_leads_from_csv_follow_the_rules_and_exclusions(database, kb, staff):
    result = os_.discover_csv(database, kb, staff, csv_bytes(), today=TODAY)
    leads = leads_by(result)
    assert leads[("1", "MZ-ZLJ-01")].verdict == "likely"
    assert ("2", "MZ-ZLJ-01") in leads        # 镇江 at 79, from its LocalFact
    assert ("3", "MZ-ZLJ-01") not in leads    # 南京 at 79: not yet
    assert ("7", "MZ-ZLJ-01") not in leads    # already receives it (the office's column)
    # 肢体一级: 护理补贴 is a maybe with one fact to ask (long-term care) — a lead
    assert leads[("4", "MZ-CJR-02")].verdict == "maybe" and leads[("4", "MZ-CJR-02")].to_ask
    # only the place known: 低保 is not a lead for everyone
    assert not any(code == "MZ-DB-01" for _ref, code in leads)
    assert len(result.errors) == 2 and result.residents == 5


def test_output_csv_masks_ids_phones_and_names(database, kb, staff, tmp_path):
    result = os_.discover_csv(database, kb, staff, csv_bytes(), today=TODAY)
    text = os_.leads_csv(result)
    assert ID_OLD_NJ not in text and PHONE not in text and "王大爷" not in text
    rows = list(csv.DictReader(io.StringIO(text)))
    first = next(r for r in rows if r["原表序号"] == "1" and r["事项编码"] == "MZ-ZLJ-01")
    assert first["身份证号"] == ID_OLD_NJ[:4] + "*" * 10 + ID_OLD_NJ[-4:]
    assert first["联系电话"] == "139****5678" and first["姓名"] == "王*爷" and first["原表行号"] == "2"
    assert first["判断"] == "可能符合" and "80周岁" in first["理由"]


def test_csv_personal_data_never_stored_in_clear(database, kb, staff, tmp_path):
    os_.discover_csv(database, kb, staff, csv_bytes(), today=TODAY)
    db = Path(str(database.url).split("///", 1)[1])
    raw = b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*"))
    for secret in (ID_OLD_NJ, PHONE, "王大爷", "李奶奶"):
        assert secret.encode() not in raw, secret


def test_non_staff_refused_before_anything(database, kb):
    for actor in (None, make_staff(database, "citizen", "13800000002"), make_staff(database, "hotline_agent", "13800000003")):
        with pytest.raises(os_.OutreachDenied):
            os_.discover_csv(database, kb, actor, csv_bytes(), today=TODAY)
        with pytest.raises(os_.OutreachDenied):
            os_.discover_database(database, kb, actor, today=TODAY)
        with pytest.raises(os_.OutreachDenied):
            os_.record_contact(database, actor, 1, "电话", "联系不上")
    with Session(database) as s:
        assert s.exec(select(OutreachRun)).all() == []


def test_audit_a_row_per_run_and_per_listed_resident(database, kb, staff):
    result = os_.discover_csv(database, kb, staff, csv_bytes(), today=TODAY)
    with Session(database) as s:
        runs = s.exec(select(AuditEvent).where(AuditEvent.action == "outreach.run")).all()
        per = s.exec(select(AuditEvent).where(AuditEvent.action == "outreach.lead")).all()
    assert len(runs) == 1 and runs[0].detail["residents"] == 5 and runs[0].detail["bad_rows"] == 2
    assert runs[0].actor_account_id == staff.account_id and len(runs[0].detail["file_sha256"]) == 64
    assert len(per) == len({v.source_ref for v in result.leads})
    assert all(ID_OLD_NJ not in str(e.detail) for e in per)


def test_database_run_uses_birth_date_hukou_and_applications(database, kb, staff):
    with Session(database) as s:
        old = find_or_create_person(s, name="甲", id_number=ID_OLD_NJ, hukou_region="南京市玄武区")
        applied = find_or_create_person(s, name="乙", id_number=make_id("320102", "19350101", "666"),
                                        hukou_region="南京市")
        young = find_or_create_person(s, name="丙", id_number=make_id("320102", "19900101", "777"),
                                      hukou_region="南京市")
        s.add(Application(service_code="MZ-ZLJ-01", beneficiary_person_id=applied.id,
                          submitted_by_account_id=staff.account_id, status="completed"))
        s.commit()
        ids = (old.id, applied.id, young.id)
    result = os_.discover_database(database, kb, staff, today=TODAY, services=["MZ-ZLJ-01"])
    assert [v.person_id for v in result.leads] == [ids[0]]
    with Session(database) as s:
        row = s.exec(select(AuditEvent).where(AuditEvent.action == "outreach.lead")).one()
    assert row.on_behalf_of_person_id == ids[0]


def test_outreach_recorded_with_outcome_and_audited(database, kb, staff):
    result = os_.discover_csv(database, kb, staff, csv_bytes(), today=TODAY)
    lead = leads_by(result)[("1", "MZ-ZLJ-01")]
    os_.record_contact(database, staff, lead.id, "电话", "联系不上", "下午再打 13912345678")
    with Session(database) as s:
        assert s.get(OutreachLead, lead.id).status == "open"
    os_.record_contact(database, staff, lead.id, "上门", "联系上·愿意申请")
    contacts = os_.contacts_for(database, staff, lead.id)
    assert [(c.method, c.outcome) for c in contacts] == [("电话", "联系不上"), ("上门", "联系上·愿意申请")]
    assert PHONE not in (contacts[0].note or "")
    with Session(database) as s:
        assert s.get(OutreachLead, lead.id).status == "closed"
        assert len(s.exec(select(AuditEvent).where(AuditEvent.action == "outreach.contact")).all()) == 2
    with pytest.raises(os_.OutreachError):
        os_.record_contact(database, staff, lead.id, "微信", "联系不上")
    assert os_.leads_for(database, kb, staff, run_id=result.run_id, status="closed")[0].id == lead.id


def test_reveal_phone_is_audited_and_needs_a_reason(database, kb, staff):
    result = os_.discover_csv(database, kb, staff, csv_bytes(), today=TODAY)
    lead = leads_by(result)[("1", "MZ-ZLJ-01")]
    with pytest.raises(os_.OutreachError):
        os_.contact_details(database, staff, lead.id, "")
    d = os_.contact_details(database, staff, lead.id, "电话告知尊老金申请")
    assert d["phone"] == PHONE and d["name"] == "王大爷"
    with Session(database) as s:
        ev = s.exec(select(AuditEvent).where(AuditEvent.action == "outreach.reveal")).one()
    assert ev.detail["phone"] == "139****5678" and ev.actor_account_id == staff.account_id


def test_cli_refuses_without_staff_and_writes_masked_leads(database, tmp_path, capsys):
    from app.cli import main

    src, out = tmp_path / "residents.csv", tmp_path / "leads.csv"
    src.write_bytes(csv_bytes(encoding="gb18030"))
    url = str(database.url)
    assert main(["discover", "--csv", str(src), "--out", str(out), "--database-url", url]) == 3
    assert main(["discover", "--staff-phone", "13800000009", "--csv", str(src), "--out", str(out),
                 "--database-url", url]) == 3
    assert not out.exists()
    assert main(["staff", "add", "13800000009", "--role", "community_agent", "--database-url", url]) == 0
    assert main(["discover", "--staff-phone", "13800000009", "--csv", str(src), "--out", str(out),
                 "--database-url", url]) == 0
    err = capsys.readouterr().err
    assert "第6行" in err and "第7行" in err
    text = out.read_bytes()
    assert text.startswith(b"\xef\xbb\xbf") and ID_OLD_NJ.encode() not in text and PHONE.encode() not in text
    lead_id = next(r for r in csv.DictReader(io.StringIO(text.decode("utf-8-sig"))) if r["原表序号"] == "1")["线索编号"]
    assert main(["outreach", "record", "--staff-phone", "13800000009", "--lead", lead_id, "--method", "电话",
                 "--outcome", "联系上·不需要", "--database-url", url]) == 0
    with Session(database) as s:
        assert s.exec(select(OutreachContact)).one().outcome == "联系上·不需要"
