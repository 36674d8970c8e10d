"""interdict-v2: interdict-v1 with rules for partial names and lone name parts.

Everything of :mod:`interdict.scoring.algorithms.v1` holds, with these additions:

* ``omitted_factor``: when every name part of a person query aligns well with the
  listed name (two parts at least), a listed name part the query leaves out weighs
  only this share of its rarity, without the ``unmatched_floor``: queries often
  give a given and a family name only, leaving out middle names, second surnames
  and halves of hyphenated given names (``SAAB, Alex`` / ``Alex Nain SAAB MORAN``;
  ``Tong KIM`` / ``Tong-Un KIM``), provided each aligned query part weighs at
  least ``omitted_min_share`` of the largest IDF (``Ali`` or ``Mohammad`` alone does
  not vouch for the identity); the other way too, when every name part of a shorter
  listed name aligns well and the query gives more (``JAMALEDDINE, Natheer Ahmed
  Mohammed`` / ``Mohammed JAMALEDDINE``);
* ``single_part_factor``: a person matched on one name part alone (a query of one
  part, such as a lone given name or nickname ``Dave``) counts this share, so that
  it does not alert on its own;
* ``legal_alignment`` (1: on): a name part aligned with a legal form of the other
  side weighs as that legal form (a misspelt legal form: ``ORIMAR LTA.`` /
  ``ORIMAR LTDA.``, ``BAUM PVX LTD`` / ``BAUM PVT LTD``);
* ``generic_only_factor``: an organisation matched only on generic words and legal
  forms (``bank``, ``trading``, ``company``, ``jsc``; ``names/data/generic_org_words.txt``)
  while a distinctive part of either name is left out counts this share
  (``UNICREDIT BANK AO`` / ``JOINT STOCK COMPANY ALFA-BANK``);
* ``glued_articles`` (1: on): name parts are also compared with a glued article
  ``al``/``el`` set aside, at 0.95 of that similarity (``ELKADDAFI`` / ``QADHAFI``);
* ``generic_unmatched_factor``: a word common to organisation names (``center``,
  ``foundation``, ``group``; ``names/data/generic_org_words.txt``) left unaligned on
  either side of an organisation's name weighs this share, without the
  ``unmatched_floor`` (``KATEHON`` / ``CENTER KATEHON``);
* ``typo_weight`` (1: on): a query part that no listed name has but that is within a
  typo of listed parts weighs as the closest of them (``YROUP`` as ``group``,
  ``FOUNATION`` as ``foundation``) instead of as the rarest part there is;
* ``org_omitted_factor``: when every name part of the query aligns well with the
  listed name of an entity typed as an organisation and the query names at least
  ``org_omitted_min_parts`` parts, a listed name part the query leaves out weighs this
  share (a generic word keeps ``generic_unmatched_factor``): listed names add
  descriptive words a query drops (``Alabuga Special Economic Zone`` / ``JSC ALABUGA
  SPECIAL ECONOMIC ZONE PRODUCTION AND INDUSTRIAL TYPE``). Untyped records (the US
  CSL's ``LegalEntity``) may be persons and are left out;
* ``order_moves`` (1: on): an organisation's word-order penalty counts the words that
  moved, not the pairs of words that cross: a name moved as a block from the end to the
  front (``ALABUGA SPECIAL ECONOMIC ZONE`` / ``SPECIAL ECONOMIC ZONE ... ALABUGA``) is
  one move;
* ``bracket_drop_factor``: the text outside the brackets of a query name (``AL-
  HARAMAIN`` of ``AL-HARAMAIN (ALBANIA BRANCH)``) counts this share; the whole text
  counts fully, so the listed party with the same bracketed part ranks first.

Weights were set on the evaluation harness (bench/run_evaluation.py: recall per
category at a 1 % alert budget on made-up negatives), never on particular names.

Version 4 added ``org_omitted_factor`` and ``order_moves``; version 3 added ``typo_weight``,
``generic_unmatched_factor`` and ``omitted_factor`` the other way (a shorter listed name
met inside a longer query). Earlier versions answer no more (a label names one set of
weights).
"""

from types import MappingProxyType

from interdict.scoring.algorithms.base import Algorithm
from interdict.scoring.algorithms.v1 import WEIGHTS as V1_WEIGHTS

WEIGHTS = MappingProxyType(
    {
        **V1_WEIGHTS,
        "omitted_factor": 0.5,
        "omitted_min_share": 0.0,
        "single_part_factor": 0.75,
        "bracket_drop_factor": 0.9,
        "generic_only_factor": 0.5,
        "legal_alignment": 1.0,
        "glued_articles": 1.0,
        "typo_weight": 1.0,
        "generic_unmatched_factor": 0.5,
        "org_omitted_factor": 0.6,
        "org_omitted_min_parts": 3,
        "order_moves": 1.0,
    }
)

ALGORITHM = Algorithm(name="interdict-v2", version="4", weights=WEIGHTS)
