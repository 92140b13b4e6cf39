"""The ids a default OpenCart install ships (the same in 3.x and 4.x), for what the REST API cannot look up.

OpenCart's API takes numeric ``country_id``, ``zone_id`` and ``order_status_id`` and has no route to list them,
so unified names are mapped with the tables of ``upload/install/opencart.sql`` (opencart/opencart). A shop
that renumbered them takes the numeric ids instead (any all-digit value is passed through unchanged).
"""

from __future__ import annotations

from types import MappingProxyType

from gateway.errors import InvalidParameter

__all__ = ["COUNTRY_IDS", "ORDER_STATUS_IDS", "country_id", "order_status_id"]

# oc_order_status, language 1 (en-gb); API2Cart spellings added where they differ (completed, cancelled)
ORDER_STATUS_IDS = MappingProxyType({
    "pending": 1, "processing": 2, "shipped": 3, "complete": 5, "completed": 5, "canceled": 7, "cancelled": 7,
    "denied": 8, "canceled reversal": 9, "cancelled reversal": 9, "failed": 10, "refunded": 11, "reversed": 12,
    "chargeback": 13, "expired": 14, "processed": 15, "voided": 16,
})  # fmt: skip

# oc_country: country_id, iso_code_2, iso_code_3
_COUNTRIES = (
    "1 AF AFG,2 AL ALB,3 DZ DZA,4 AS ASM,5 AD AND,6 AO AGO,7 AI AIA,8 AQ ATA,9 AG ATG,10 AR ARG,11 AM ARM,12 AW ABW,"
    "13 AU AUS,14 AT AUT,15 AZ AZE,16 BS BHS,17 BH BHR,18 BD BGD,19 BB BRB,20 BY BLR,21 BE BEL,22 BZ BLZ,23 BJ BEN,"
    "24 BM BMU,25 BT BTN,26 BO BOL,27 BA BIH,28 BW BWA,29 BV BVT,30 BR BRA,31 IO IOT,32 BN BRN,33 BG BGR,34 BF BFA,"
    "35 BI BDI,36 KH KHM,37 CM CMR,38 CA CAN,39 CV CPV,40 KY CYM,41 CF CAF,42 TD TCD,43 CL CHL,44 CN CHN,45 CX CXR,"
    "46 CC CCK,47 CO COL,48 KM COM,49 CG COG,50 CK COK,51 CR CRI,52 CI CIV,53 HR HRV,54 CU CUB,55 CY CYP,56 CZ CZE,"
    "57 DK DNK,58 DJ DJI,59 DM DMA,60 DO DOM,61 TL TLS,62 EC ECU,63 EG EGY,64 SV SLV,65 GQ GNQ,66 ER ERI,67 EE EST,"
    "68 ET ETH,69 FK FLK,70 FO FRO,71 FJ FJI,72 FI FIN,74 FR FRA,75 GF GUF,76 PF PYF,77 TF ATF,78 GA GAB,79 GM GMB,"
    "80 GE GEO,81 DE DEU,82 GH GHA,83 GI GIB,84 GR GRC,85 GL GRL,86 GD GRD,87 GP GLP,88 GU GUM,89 GT GTM,90 GN GIN,"
    "91 GW GNB,92 GY GUY,93 HT HTI,94 HM HMD,95 HN HND,96 HK HKG,97 HU HUN,98 IS ISL,99 IN IND,100 ID IDN,"
    "101 IR IRN,102 IQ IRQ,103 IE IRL,104 IL ISR,105 IT ITA,106 JM JAM,107 JP JPN,108 JO JOR,109 KZ KAZ,110 KE KEN,"
    "111 KI KIR,112 KP PRK,113 KR KOR,114 KW KWT,115 KG KGZ,116 LA LAO,117 LV LVA,118 LB LBN,119 LS LSO,120 LR LBR,"
    "121 LY LBY,122 LI LIE,123 LT LTU,124 LU LUX,125 MO MAC,126 MK MKD,127 MG MDG,128 MW MWI,129 MY MYS,130 MV MDV,"
    "131 ML MLI,132 MT MLT,133 MH MHL,134 MQ MTQ,135 MR MRT,136 MU MUS,137 YT MYT,138 MX MEX,139 FM FSM,140 MD MDA,"
    "141 MC MCO,142 MN MNG,143 MS MSR,144 MA MAR,145 MZ MOZ,146 MM MMR,147 NA NAM,148 NR NRU,149 NP NPL,150 NL NLD,"
    "151 AN ANT,152 NC NCL,153 NZ NZL,154 NI NIC,155 NE NER,156 NG NGA,157 NU NIU,158 NF NFK,159 MP MNP,160 NO NOR,"
    "161 OM OMN,162 PK PAK,163 PW PLW,164 PA PAN,165 PG PNG,166 PY PRY,167 PE PER,168 PH PHL,169 PN PCN,170 PL POL,"
    "171 PT PRT,172 PR PRI,173 QA QAT,174 RE REU,175 RO ROM,176 RU RUS,177 RW RWA,178 KN KNA,179 LC LCA,180 VC VCT,"
    "181 WS WSM,182 SM SMR,183 ST STP,184 SA SAU,185 SN SEN,186 SC SYC,187 SL SLE,188 SG SGP,189 SK SVK,190 SI SVN,"
    "191 SB SLB,192 SO SOM,193 ZA ZAF,194 GS SGS,195 ES ESP,196 LK LKA,197 SH SHN,198 PM SPM,199 SD SDN,200 SR SUR,"
    "201 SJ SJM,202 SZ SWZ,203 SE SWE,204 CH CHE,205 SY SYR,206 TW TWN,207 TJ TJK,208 TZ TZA,209 TH THA,210 TG TGO,"
    "211 TK TKL,212 TO TON,213 TT TTO,214 TN TUN,215 TR TUR,216 TM TKM,217 TC TCA,218 TV TUV,219 UG UGA,220 UA UKR,"
    "221 AE ARE,222 GB GBR,223 US USA,224 UM UMI,225 UY URY,226 UZ UZB,227 VU VUT,228 VA VAT,229 VE VEN,230 VN VNM,"
    "231 VG VGB,232 VI VIR,233 WF WLF,234 EH ESH,235 YE YEM,237 CD COD,238 ZM ZMB,239 ZW ZWE,242 ME MNE,243 RS SRB,"
    "244 AX ALA,245 BQ BES,246 CW CUW,247 PS PSE,248 SS SSD,249 BL BLM,250 MF MAF,251 IC ICA,252 AC ASC,253 XK UNK,"
    "254 IM IMN,256 GG GGY,257 JE JEY"
)


def _country_ids() -> dict[str, int]:
    ids: dict[str, int] = {}
    for row in _COUNTRIES.split(","):
        number, iso2, iso3 = row.split()
        ids.setdefault(iso2, int(number))
        ids.setdefault(iso3, int(number))
    ids["ROU"] = 175  # OpenCart spells Romania's ISO 3166 code ROM; accept the standard one too
    ids["UK"] = 222  # a common spelling of GB
    return ids


COUNTRY_IDS = MappingProxyType(_country_ids())


def country_id(value: str) -> int | None:
    """OpenCart's country_id for an ISO 3166 alpha-2/alpha-3 code or an all-digit id; None when unknown."""
    text = value.strip()
    if text.isascii() and text.isdigit():
        return int(text)
    return COUNTRY_IDS.get(text.upper())


def order_status_id(value: str) -> int:
    """OpenCart's order_status_id for a default status name (any case) or an all-digit id.

    Raises InvalidParameter (109) naming ``order_status`` for anything else.
    """
    text = value.strip()
    if text.isascii() and text.isdigit():
        return int(text)
    found = ORDER_STATUS_IDS.get(" ".join(text.lower().replace("_", " ").split()))
    if found is None:
        raise InvalidParameter(
            "Parameter 'order_status': not an OpenCart status name (pending, processing, "
            "shipped, complete, canceled ...) or a numeric order_status_id",
            field="order_status",
        )
    return found
