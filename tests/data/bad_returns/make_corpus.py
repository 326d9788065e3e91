# ruff: noqa: E501 -- the cases are a table, one case to a few lines
"""Writes the bad-return corpus: python tests/data/bad_returns/make_corpus.py

Each case is a file a force might really send (Excel for Mac, a wrong export, a truncated
transfer, a hostile cell) and the answer it must get, in cases.csv:
    file, dataset, kind, period, answer, names
`answer` is 400 (refused at the door, `names` in the message) or rejected (processed and
refused, `names` a rule in the report). The good files the cases are made from are the
first rows of the demo generator's own files.
"""

import codecs
import csv
import io
from pathlib import Path

HERE = Path(__file__).parent

CALLS = ["force", "call_id", "connected_at", "answered_at", "abandoned"]
CALL_ROWS = [
    ["durham", "C1", "2024-03-01T08:00:00+00:00", "2024-03-01T08:00:07+00:00", "false"],
    ["durham", "C2", "2024-03-02T09:00:00+00:00", "2024-03-02T09:00:31+00:00", "false"],
    ["durham", "C3", "2024-03-31T23:59:00+01:00", "", "true"],
]
CALLS_AGG = ["force", "month", "answered", "answer_band", "calls"]
CALLS_AGG_ROWS = [
    ["durham", "2024-03", "true", "0-10", "5"],
    ["durham", "2024-03", "false", "", "1"],
]
WORKFORCE = [
    "force", "month", "function", "officers_fte", "pcsos_fte", "specials_fte",
    "hours_frontline", "hours_training", "hours_sickness", "hours_court", "hours_admin",
]  # fmt: skip
WORKFORCE_ROWS = [
    ["durham", "2024-03", "neighbourhood", "247.87", "67.74", "12.78", "27608.97", "1933.68",
     "1793.53", "355.75", "3882.63"],
    ["durham", "2024-03", "response", "412.17", "1.54", "15.21", "46891.79", "3247.47",
     "2694.48", "1171.08", "4549.15"],
]  # fmt: skip
CRIME = [
    "force", "crime_ref", "recorded_date", "offence_code", "offence_group",
    "knife_or_sharp_instrument", "domestic_abuse", "child_sexual_abuse", "victim_sex",
    "outcome_type", "outcome_date",
]  # fmt: skip
CRIME_ROWS = [
    ["durham", "CR1", "2024-03-01", "3B", "Violence against the person", "false", "false",
     "false", "female", "", ""],
    ["durham", "CR2", "2024-03-02", "46", "Theft offences", "false", "false", "false", "",
     "18", "2024-03-08"],
]  # fmt: skip
MISCONDUCT = [
    "force", "case_ref", "received_date", "allegation_category", "vawg_related", "severity",
    "subject_role", "outcome", "concluded_date", "suspended_or_restricted",
]  # fmt: skip
MISCONDUCT_ROWS = [
    ["durham", "MC1", "2023-08-06", "Equality and diversity", "false", "misconduct", "officer",
     "reflective_practice", "2024-03-10", "false"],
    ["durham", "MC2", "2023-10-17", "Authority, respect and courtesy", "false", "misconduct",
     "officer", "", "", "false"],
]  # fmt: skip
VETTING = ["force", "vetting_ref", "applicant_type", "clearance_level", "received_date",
           "decided_date", "outcome"]  # fmt: skip
VETTING_ROWS = [["durham", "V1", "officer", "MV", "2024-02-01", "2024-03-05", "granted"]]


def table(header, rows, newline="\n") -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator=newline).writerows([header, *rows])
    return out.getvalue().encode()


def calls(rows=None, newline="\n") -> bytes:
    return table(CALLS, CALL_ROWS if rows is None else rows, newline)


def with_row(row) -> list[list[str]]:
    return [*CALL_ROWS, row]


def call(**cells) -> list[str]:
    row = dict(zip(CALLS, CALL_ROWS[0], strict=True)) | {"call_id": "C9"} | cells
    return [row[h] for h in CALLS]


GOOD_CALLS = calls()
# (file, dataset, kind, period, content, answer, names)
CASES = [
    # -- encodings
    ("utf16le_bom.csv", "emergency_calls", "records", "2024-03",
     GOOD_CALLS.decode().encode("utf-16"), "400", "encoded as UTF-16"),
    ("utf16be_no_bom.csv", "emergency_calls", "records", "2024-03",
     GOOD_CALLS.decode().encode("utf-16-be"), "400", "NUL bytes"),
    ("utf32_bom.csv", "emergency_calls", "records", "2024-03",
     GOOD_CALLS.decode().encode("utf-32"), "400", "encoded as UTF-32"),
    ("windows1252_rows.csv", "emergency_calls", "records", "2024-03",
     calls(with_row(call(call_id="C9 café"))).decode().encode("cp1252"), "rejected", "encoding"),
    ("latin1_header.csv", "emergency_calls", "records", "2024-03",
     "force,call_id,connected_at,answered_at,abandoned,ré\n".encode("latin-1") + GOOD_CALLS.split(b"\n", 1)[1],
     "400", "not UTF-8"),
    ("shift_jis_rows.csv", "emergency_calls", "records", "2024-03",
     calls(with_row(call(call_id="C9 東京"))).decode().encode("shift_jis"), "rejected", "encoding"),
    ("utf8_bom_twice.csv", "emergency_calls", "records", "2024-03",
     codecs.BOM_UTF8 + codecs.BOM_UTF8 + GOOD_CALLS, "400", "missing 'force'"),
    # -- headers
    ("missing_column.csv", "emergency_calls", "records", "2024-03",
     table(CALLS[:-1], [r[:-1] for r in CALL_ROWS]), "400", "missing 'abandoned'"),
    ("extra_column.csv", "emergency_calls", "records", "2024-03",
     table([*CALLS, "notes"], [[*r, "x"] for r in CALL_ROWS]), "400", "unexpected 'notes'"),
    ("repeated_column.csv", "emergency_calls", "records", "2024-03",
     table([*CALLS, "call_id"], [[*r, "C"] for r in CALL_ROWS]), "400", "repeated 'call_id'"),
    ("header_in_capitals.csv", "emergency_calls", "records", "2024-03",
     table([h.upper() for h in CALLS], CALL_ROWS), "400", "missing 'force'"),
    ("header_only.csv", "emergency_calls", "records", "2024-03",
     table(CALLS, []), "400", "no rows"),
    ("no_header.csv", "emergency_calls", "records", "2024-03",
     GOOD_CALLS.split(b"\n", 1)[1], "400", "does not match"),
    ("another_datasets_file.csv", "emergency_calls", "records", "2024-03",
     table(WORKFORCE, WORKFORCE_ROWS), "400", "does not match the emergency_calls schema"),
    ("aggregate_sent_as_records.csv", "emergency_calls", "records", "2024-03",
     table(CALLS_AGG, CALLS_AGG_ROWS), "400", "does not match"),
    ("records_sent_as_aggregate.csv", "emergency_calls", "aggregate", "2024-03",
     GOOD_CALLS, "400", "does not match"),
    ("header_with_stray_cr.csv", "emergency_calls", "records", "2024-03",
     b"force,call_id\r,connected_at,answered_at,abandoned\n" + GOOD_CALLS.split(b"\n", 1)[1],
     "400", "carriage return"),
    # -- line endings
    ("mac_cr_only.csv", "emergency_calls", "records", "2024-03",
     calls(newline="\r"), "400", "bare carriage return"),
    ("stray_cr_in_a_row.csv", "emergency_calls", "records", "2024-03",
     calls(newline="\r\n").replace(b"C2,", b"C2\r,"), "rejected", "csv_format"),
    ("rows_end_cr_only.csv", "emergency_calls", "records", "2024-03",
     GOOD_CALLS.replace(b"\n", b"\r").replace(b"abandoned\r", b"abandoned\n"), "rejected", "csv_format"),
    ("blank_line_between_rows.csv", "emergency_calls", "records", "2024-03",
     GOOD_CALLS.replace(b"false\n", b"false\n\n", 1), "rejected", "csv_format"),
    # -- truncation, binary, NUL, empty, huge
    ("truncated_mid_row.csv", "emergency_calls", "records", "2024-03",
     GOOD_CALLS[: GOOD_CALLS.rindex(b"2024-03-31") + 7], "rejected", "csv_format"),
    ("unterminated_quote.csv", "emergency_calls", "records", "2024-03",
     GOOD_CALLS + b'durham,"C9,2024-03-01T08:00:00+00:00,,true\n', "rejected", "csv_format"),
    ("png_image.csv", "emergency_calls", "records", "2024-03",
     b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "400", "not UTF-8"),
    ("xlsx_workbook.csv", "emergency_calls", "records", "2024-03",
     b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xb5U0#\xf4\x00\x00\x00L\x02", "400", "is not text"),
    ("nul_in_a_field.csv", "emergency_calls", "records", "2024-03",
     calls(with_row(call(call_id="C\x009"))), "rejected", "nul_byte"),
    ("zero_bytes.csv", "emergency_calls", "records", "2024-03", b"", "400", "empty"),
    ("whitespace_only.csv", "emergency_calls", "records", "2024-03", b" \r\n\t\n", "400", "empty"),
    ("huge_field.csv", "emergency_calls", "records", "2024-03",
     calls(with_row(call(call_id="X" * 200_000, abandoned="true", answered_at=""))),
     "rejected", "max_length"),
    ("huge_line.csv", "emergency_calls", "records", "2024-03",
     GOOD_CALLS + b"durham," + b"Y" * 300_000 + b"\n", "rejected", "csv_format"),
    ("too_many_cells.csv", "emergency_calls", "records", "2024-03",
     GOOD_CALLS + b"durham,C9,2024-03-01T08:00:00+00:00,,true,extra\n", "rejected", "csv_format"),
    ("too_few_cells.csv", "emergency_calls", "records", "2024-03",
     GOOD_CALLS + b"durham,C9,2024-03-01T08:00:00+00:00\n", "rejected", "csv_format"),
    # -- formula cells (CSV injection)
    ("formula_equals.csv", "emergency_calls", "records", "2024-03",
     calls(with_row(call(call_id='=HYPERLINK("http://x","y")'))), "rejected", "formula_like"),
    ("formula_dde.csv", "emergency_calls", "records", "2024-03",
     calls(with_row(call(call_id="=cmd|' /C calc'!A0"))), "rejected", "formula_like"),
    ("formula_plus_minus_at.csv", "emergency_calls", "records", "2024-03",
     calls([*CALL_ROWS, call(call_id="+1+1"), call(call_id="-2+3"), call(call_id="@SUM(A1)")]),
     "rejected", "formula_like"),
    ("formula_after_tab.csv", "emergency_calls", "records", "2024-03",
     calls(with_row(call(call_id="\t=1+1"))), "rejected", "formula_like"),
    # -- the wrong force, the wrong month
    ("another_forces_rows.csv", "emergency_calls", "records", "2024-03",
     calls(with_row(call(force="cleveland"))), "rejected", "other_force"),
    ("rows_of_another_month.csv", "emergency_calls", "records", "2024-03",
     calls(with_row(call(connected_at="2024-04-01T08:00:00+01:00", answered_at="2024-04-01T08:00:09+01:00"))),
     "rejected", "period"),
    ("workforce_of_another_month.csv", "workforce", "records", "2024-03",
     table(WORKFORCE, [WORKFORCE_ROWS[0], ["durham", "2024-02", *WORKFORCE_ROWS[1][2:]]]),
     "rejected", "period"),
    ("aggregate_of_another_month.csv", "emergency_calls", "aggregate", "2024-03",
     table(CALLS_AGG, [*CALLS_AGG_ROWS, ["durham", "2024-02", "true", "10-60", "3"]]),
     "rejected", "period"),
    # -- duplicate keys, impossible dates and values
    ("duplicate_call_ids.csv", "emergency_calls", "records", "2024-03",
     calls(with_row(call(call_id="C1"))), "rejected", "duplicate_key"),
    ("duplicate_workforce_functions.csv", "workforce", "records", "2024-03",
     table(WORKFORCE, [*WORKFORCE_ROWS, WORKFORCE_ROWS[0]]), "rejected", "duplicate_key"),
    ("thirtieth_of_february.csv", "emergency_calls", "records", "2024-03",
     calls(with_row(call(connected_at="2024-02-30T08:00:00+00:00"))), "rejected", "type"),
    ("thirteenth_month.csv", "recorded_crime", "records", "2024-03",
     table(CRIME, [*CRIME_ROWS, ["durham", "CR3", "2024-13-01", *CRIME_ROWS[0][3:]]]),
     "rejected", "type"),
    ("answered_before_connected.csv", "emergency_calls", "records", "2024-03",
     calls(with_row(call(answered_at="2024-03-01T07:59:00+00:00"))), "rejected", "answered_after_connected"),
    ("concluded_before_received.csv", "misconduct_cases", "records", "2024-03",
     table(MISCONDUCT, [*MISCONDUCT_ROWS, ["durham", "MC3", "2024-03-05", *MISCONDUCT_ROWS[0][3:8], "2024-03-01", "false"]]),
     "rejected", "concluded_after_received"),
    ("decided_before_received.csv", "vetting_decisions", "records", "2024-03",
     table(VETTING, [*VETTING_ROWS, ["durham", "V2", "officer", "MV", "2024-03-05", "2024-03-01", "refused"]]),
     "rejected", "decided_after_received"),
    ("boolean_perhaps.csv", "emergency_calls", "records", "2024-03",
     calls(with_row(call(abandoned="perhaps"))), "rejected", "type"),
    ("negative_officers.csv", "workforce", "records", "2024-03",
     table(WORKFORCE, [WORKFORCE_ROWS[0], [*WORKFORCE_ROWS[1][:3], "-5", *WORKFORCE_ROWS[1][4:]]]),
     "rejected", "range"),
    ("thousands_separator.csv", "workforce", "records", "2024-03",
     table(WORKFORCE, [WORKFORCE_ROWS[0], [*WORKFORCE_ROWS[1][:6], "46,891.79", *WORKFORCE_ROWS[1][7:]]]),
     "rejected", "type"),
    ("unknown_function.csv", "workforce", "records", "2024-03",
     table(WORKFORCE, [WORKFORCE_ROWS[0], ["durham", "2024-03", "traffic", *WORKFORCE_ROWS[1][3:]]]),
     "rejected", "allowed_values"),
    ("outcome_type_out_of_range.csv", "recorded_crime", "records", "2024-03",
     table(CRIME, [*CRIME_ROWS, ["durham", "CR3", "2024-03-03", *CRIME_ROWS[1][3:9], "23", "2024-03-09"]]),
     "rejected", "range"),
    ("aggregate_unknown_band.csv", "emergency_calls", "aggregate", "2024-03",
     table(CALLS_AGG, [*CALLS_AGG_ROWS, ["durham", "2024-03", "true", "0-5", "2"]]),
     "rejected", "allowed_values"),
    ("aggregate_negative_count.csv", "emergency_calls", "aggregate", "2024-03",
     table(CALLS_AGG, [CALLS_AGG_ROWS[0], ["durham", "2024-03", "false", "", "-1"]]),
     "rejected", "range"),
]  # fmt: skip


# The version in force before each bad file is sent: a good record-level return.
GOOD = {
    "emergency_calls": GOOD_CALLS,
    "workforce": table(WORKFORCE, WORKFORCE_ROWS),
    "recorded_crime": table(CRIME, CRIME_ROWS),
    "misconduct_cases": table(MISCONDUCT, MISCONDUCT_ROWS),
    "vetting_decisions": table(VETTING, VETTING_ROWS),
}


def main() -> None:
    for folder in ("files", "good"):
        (HERE / folder).mkdir(exist_ok=True)
        for old in (HERE / folder).glob("*.csv"):
            old.unlink()
    for dataset, content in GOOD.items():
        (HERE / "good" / f"{dataset}.csv").write_bytes(content)
    with open(HERE / "cases.csv", "w", newline="") as index:
        writer = csv.writer(index, lineterminator="\n")
        writer.writerow(["file", "dataset", "kind", "period", "answer", "names"])
        for name, dataset, kind, period, content, answer, names in CASES:
            (HERE / "files" / name).write_bytes(content)
            writer.writerow([name, dataset, kind, period, answer, names])
    print(f"{len(CASES)} cases")


if __name__ == "__main__":
    main()
