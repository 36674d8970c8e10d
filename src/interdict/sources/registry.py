"""The registry of official lists: names, sources, official URLs and edition formats.

A :class:`ListSpec` names one list (``ofac_sdn``), the sub-directory of a local list
directory it lives in (``ofac``), the files to download from the official URLs, and
the edition formats that can read it, richest first. Parser modules are imported
only when a list is actually loaded, so the CLI starts fast.

``ftm/*.json`` and ``custom/*.csv`` hold one list per file; :func:`discover` names
those lists after the file stem.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from interdict.sources.base import ListFormat


@dataclass(frozen=True)
class Download:
    """One file of a list as published at an official URL, stored under ``filename``."""

    url: str
    filename: str


@dataclass(frozen=True)
class ListSpec:
    """One official list."""

    name: str
    source: str
    title: str
    formats: Callable[[], Sequence[ListFormat]]
    downloads: tuple[Download, ...] = ()
    homepage: str = ""
    opensanctions_name: str | None = None


def _ofac_sdn_formats() -> Sequence[ListFormat]:
    from interdict.sources.ofac_csv import OfacCsvFormat
    from interdict.sources.ofac_enhanced import OfacEnhancedFormat
    from interdict.sources.ofac_xml import OfacXmlFormat

    return (OfacEnhancedFormat("SDN_ENHANCED"), OfacXmlFormat("sdn.xml"), OfacCsvFormat("sdn"))


def _ofac_cons_formats() -> Sequence[ListFormat]:
    from interdict.sources.ofac_csv import OfacCsvFormat
    from interdict.sources.ofac_enhanced import OfacEnhancedFormat
    from interdict.sources.ofac_xml import OfacXmlFormat

    return (
        OfacEnhancedFormat("CONS_ENHANCED"),
        OfacXmlFormat("consolidated.xml"),
        OfacCsvFormat("cons"),
    )


def _un_formats() -> Sequence[ListFormat]:
    from interdict.sources.un_xml import UnXmlFormat

    return (UnXmlFormat(),)


def _eu_formats() -> Sequence[ListFormat]:
    from interdict.sources.eu_csv import EuCsvFormat
    from interdict.sources.eu_xml import EuXmlFormat

    return (EuXmlFormat(), EuCsvFormat())


def _uk_formats() -> Sequence[ListFormat]:
    from interdict.sources.uk_fcdo_xml import UkFcdoXmlFormat
    from interdict.sources.uk_ofsi import OfsiConListFormat

    return (UkFcdoXmlFormat(), OfsiConListFormat())


def _au_formats() -> Sequence[ListFormat]:
    from interdict.sources.au_dfat import DfatXlsxFormat

    return (DfatXlsxFormat(),)


def _us_csl_formats() -> Sequence[ListFormat]:
    from interdict.sources.us_csl import UsCslFormat

    return (UsCslFormat(),)


OFAC_EXPORTS = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports"

LISTS: tuple[ListSpec, ...] = (
    ListSpec(
        name="ofac_sdn",
        source="ofac",
        title="OFAC Specially Designated Nationals and Blocked Persons List",
        formats=_ofac_sdn_formats,
        downloads=(Download(f"{OFAC_EXPORTS}/SDN_ENHANCED.ZIP", "SDN_ENHANCED.ZIP"),),
        homepage="https://ofac.treasury.gov/specially-designated-nationals-and-blocked-persons-list-sdn-human-readable-lists",
        opensanctions_name="us_ofac_sdn",
    ),
    ListSpec(
        name="ofac_cons",
        source="ofac",
        title="OFAC Consolidated (non-SDN) Sanctions List",
        formats=_ofac_cons_formats,
        downloads=(Download(f"{OFAC_EXPORTS}/CONS_ENHANCED.ZIP", "CONS_ENHANCED.ZIP"),),
        homepage="https://ofac.treasury.gov/consolidated-sanctions-list-non-sdn-lists",
        opensanctions_name="us_ofac_cons",
    ),
    ListSpec(
        name="un",
        source="un",
        title="UN Security Council Consolidated List",
        formats=_un_formats,
        downloads=(
            Download(
                "https://scsanctions.un.org/resources/xml/en/consolidated.xml", "consolidated.xml"
            ),
        ),
        homepage="https://main.un.org/securitycouncil/en/content/un-sc-consolidated-list",
        opensanctions_name="un_sc_sanctions",
    ),
    ListSpec(
        name="eu",
        source="eu",
        title="EU Financial Sanctions Files (consolidated list)",
        formats=_eu_formats,
        downloads=(
            Download(
                "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/"
                "content?token=dG9rZW4tMjAxNw",
                "xmlFullSanctionsList_1_1.xml",
            ),
        ),
        homepage="https://webgate.ec.europa.eu/fsd/fsf",
        opensanctions_name="eu_fsf",
    ),
    ListSpec(
        name="uk",
        source="uk",
        title="UK Sanctions List (FCDO)",
        formats=_uk_formats,
        downloads=(
            Download(
                "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml",
                "UK-Sanctions-List.xml",
            ),
        ),
        homepage="https://www.gov.uk/government/publications/the-uk-sanctions-list",
        opensanctions_name="gb_hmt_sanctions",
    ),
    ListSpec(
        name="au",
        source="au",
        title="Australia DFAT Consolidated List",
        formats=_au_formats,
        downloads=(
            Download(
                "https://www.dfat.gov.au/sites/default/files/regulation8_consolidated.xlsx",
                "regulation8_consolidated.xlsx",
            ),
        ),
        homepage="https://www.dfat.gov.au/international-relations/security/sanctions/consolidated-list",
        opensanctions_name="au_dfat_sanctions",
    ),
    ListSpec(
        name="us_csl",
        source="us_csl",
        title="US Consolidated Screening List (trade.gov)",
        formats=_us_csl_formats,
        downloads=(
            Download(
                "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv",
                "consolidated.csv",
            ),
        ),
        homepage="https://www.trade.gov/consolidated-screening-list",
        opensanctions_name="us_trade_csl",
    ),
)

LISTS_BY_NAME = {spec.name: spec for spec in LISTS}
#: The built-in lists in registry order (used to order equal screening scores).
LIST_ORDER = tuple(spec.name for spec in LISTS)


@dataclass(frozen=True)
class LoadPlan:
    """One list to load from a local directory: which edition and which files."""

    list_name: str
    source: str
    format: ListFormat
    files: tuple[Path, ...] = field(default_factory=tuple)


def get_list(name: str) -> ListSpec:
    """The spec of a built-in list; ``KeyError`` for unknown names."""
    return LISTS_BY_NAME[name]


def _file_lists(directory: Path) -> list[LoadPlan]:
    """One plan per FollowTheMoney file (``ftm/``) and custom list file (``custom/``)."""
    plans: list[LoadPlan] = []
    ftm_dir = directory / "ftm"
    if ftm_dir.is_dir():
        from interdict.sources.ftm import FtmFormat

        for path in sorted(ftm_dir.iterdir()):
            if path.is_file() and path.name.endswith((".json", ".jsonl", ".ftm.json")):
                name = path.name.split(".", 1)[0]
                plans.append(LoadPlan(name, name, FtmFormat(path.name), (path,)))
    custom_dir = directory / "custom"
    if custom_dir.is_dir():
        from interdict.sources.custom_csv import CustomCsvFormat

        for path in sorted(custom_dir.iterdir()):
            if path.is_file() and path.suffix.lower() == ".csv":
                plans.append(LoadPlan(path.stem, path.stem, CustomCsvFormat(path.name), (path,)))
    return plans


def discover(directory: Path, *, only: Sequence[str] | None = None) -> list[LoadPlan]:
    """The lists a local list directory holds, each with its richest edition.

    ``only`` restricts the result to the named lists.
    """
    plans: list[LoadPlan] = []
    for spec in LISTS:
        sub = directory / spec.source
        if not sub.is_dir():
            continue
        available = sorted(p.name for p in sub.iterdir() if p.is_file())
        for fmt in sorted(spec.formats(), key=lambda f: -f.richness):
            selected = fmt.select(available)
            if selected:
                plans.append(
                    LoadPlan(spec.name, spec.source, fmt, tuple(sub / n for n in selected))
                )
                break
    plans.extend(_file_lists(directory))
    if only is not None:
        wanted = set(only)
        plans = [p for p in plans if p.list_name in wanted]
    return plans
