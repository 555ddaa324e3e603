"""Own rows in GeoNames' layouts for a tiny test gazetteer (no shared data needed)."""

from __future__ import annotations

from pathlib import Path

# geonameid, name, asciiname, alternatenames, lat, lon, class, code, cc, admin1, admin2, population
PLACES = [
    (174448, "Ālbū Kamāl", "Albu Kamal", "Abu Kamal,Al-Bukamal,Albu Kamal,Abou Kemal,أبو كمال,البو كمال",
     34.45226, 40.91854, "P", "PPLA2", "SY", "07", "", 0),
    (173480, "Al Mayādīn", "Al Mayadin", "Al-Mayadin,Mayadeen,الميادين", 35.01982, 40.45154,
     "P", "PPLA2", "SY", "07", "", 44000),
    (170794, "Deir ez-Zor", "Deir ez-Zor", "Dayr az Zawr,Deir Ezzor,دير الزور", 35.33588, 40.14084,
     "P", "PPLA", "SY", "07", "", 242565),
    (163808, "Tadmur", "Tadmur", "Palmyra,Tudmur,تدمر", 34.5624, 38.28402, "P", "PPLA2", "SY", "11", "", 51323),
    (4303436, "Palmyra", "Palmyra", "", 39.76, -86.0, "P", "PPL", "US", "IN", "", 900),
    (92138, "Al Qā'im", "Al Qa'im", "Al-Qaim,Al Qaim,القائم", 34.39251, 40.98945, "P", "PPLA2", "IQ", "01", "", 0),
    (173334, "Al Qunayţirah", "Al Qunaytirah", "Quneitra,Kuneitra,القنيطرة", 33.12595, 35.82461,
     "P", "PPLA", "SY", "12", "", 4319),
    (2544248, "Kenitra", "Kenitra", "Quneitra,Kénitra", 34.26101, -6.5802, "P", "PPLA", "MA", "02", "", 366570),
    (170654, "Damascus", "Damascus", "Dimashq,دمشق", 33.5102, 36.29128, "P", "PPLC", "SY", "13", "", 2584771),
    (98182, "Baghdad", "Baghdad", "بغداد", 33.34058, 44.40088, "P", "PPLC", "IQ", "07", "", 7216000),
    (4294494, "Jackson", "Jackson", "", 32.29876, -90.18481, "P", "PPLA", "US", "MS", "", 160628),
    (281133, "Gaza", "Gaza", "غزة", 31.50161, 34.46672, "P", "PPLA", "PS", "GZ", "", 410000),
]
ADMIN1 = [("SY.07", "Deir ez-Zor", "Deir ez-Zor", 170792), ("SY.11", "Homs", "Homs", 169575),
          ("IQ.01", "Anbar", "Anbar", 99592), ("SY.12", "Quneitra", "Quneitra", 173335),
          ("US.MS", "Mississippi", "Mississippi", 4436296)]
COUNTRIES = [("SY", "SYR", "760", "SY", "Syria", "Damascus", "185180", "22933531", "AS", ".sy", "SYP",
              "Pound", "963", "", "", "ar-SY", "163843", "IQ,JO,IL,TR,LB", ""),
             ("IQ", "IRQ", "368", "IZ", "Iraq", "Baghdad", "437072", "38433600", "AS", ".iq", "IQD",
              "Dinar", "964", "#####", "", "ar-IQ", "99237", "SY,SA,TR,IR,JO,KW", ""),
             ("IL", "ISR", "376", "IS", "Israel", "Jerusalem", "20770", "8883800", "AS", ".il", "ILS",
              "Shekel", "972", "#######", "", "he,ar-IL", "294640", "SY,JO,LB,EG,PS", "")]


def geoname_line(row) -> str:
    gid, name, ascii_, alt, lat, lon, fcl, fcode, cc, a1, a2, pop = row
    cols = [str(gid), name, ascii_, alt, str(lat), str(lon), fcl, fcode, cc, "", a1, a2, "", "",
            str(pop), "", "0", "Asia/Damascus", "2023-01-01"]
    assert len(cols) == 19
    return "\t".join(cols) + "\n"


def write_dumps(folder: Path) -> list[Path]:
    """Write the tiny gazetteer's dump files; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    places = folder / "tiny.txt"
    places.write_text("".join(geoname_line(r) for r in PLACES), encoding="utf-8")
    admin1 = folder / "admin1CodesASCII.txt"
    admin1.write_text("".join("\t".join(map(str, a)) + "\n" for a in ADMIN1), encoding="utf-8")
    info = folder / "countryInfo.txt"
    info.write_text("#ISO\tISO3\n" + "".join("\t".join(c) + "\n" for c in COUNTRIES), encoding="utf-8")
    return [places, admin1, info]
