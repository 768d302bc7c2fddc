from checker import check


def test_eez_in_kilometres_is_flagged_as_unit_mix_up():
    result = check("Japan's exclusive economic zone extends 200 kilometers from its coast.",
                   date="2017-03-19")
    (finding,) = result.findings
    assert finding.verdict == "inconsistent"
    assert finding.diagnosis == "unit-mix-up"
