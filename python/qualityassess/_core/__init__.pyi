"""
qualityassess core: schemes, assessment, grading (C++)
"""
from __future__ import annotations
import collections.abc
import numpy
import numpy.typing
import typing
from . import campaign
__all__: list[str] = ['Analysis', 'RegionTree', 'Result', 'Scheme', 'Submission', 'arrow_label_codes', 'arrow_numbers', 'as_one_line', 'assess', 'assess_cohort', 'assess_columns', 'assess_document', 'assess_documents', 'assess_level', 'assessment_calendar', 'band_grades', 'builtin_scheme_document', 'builtin_scheme_ids', 'campaign', 'check_columns', 'check_submissions', 'document_limits', 'grade_changes', 'heading_zh', 'is_misreporting', 'label_codes', 'level_name', 'lower_level_values', 'next_grade', 'not_a_level_message', 'not_a_level_message_zh', 'parse_json', 'rank_order', 'rectification_due', 'region_text_problems', 'roll_up', 'scoring_units', 'single_line_problem', 'stream_key', 'summarise_replications']
class Scheme:
    """
    An immutable, validated scheme.
    """
    @staticmethod
    def builtin(id: str) -> Scheme:
        ...
    @staticmethod
    def from_document(document: typing.Any, origin_file: str = '') -> Scheme:
        """
        Read a scheme from a JSON string or a dict; raises SchemeError. `origin_file` is the file the document came from: a derived scheme's `extends` finds base files beside it.
        """
    def nodes(self) -> list[dict[str, typing.Any]]:
        ...
    def to_document(self) -> typing.Any:
        ...
    def to_json_text(self, indent: typing.SupportsInt | typing.SupportsIndex = 2) -> str:
        ...
    @property
    def derived_from(self) -> tuple[str, str] | None:
        ...
    @property
    def grades(self) -> list[str]:
        ...
    @property
    def id(self) -> str:
        ...
    @property
    def leaf_ids(self) -> list[str]:
        ...
    @property
    def max_total(self) -> float:
        ...
    @property
    def name(self) -> dict[str, str]:
        ...
    @property
    def version(self) -> str:
        ...
class Submission:
    """
    One region's submission, checked for structure.
    """
    @staticmethod
    def from_document(document: typing.Any) -> Submission:
        ...
    def to_document(self) -> typing.Any:
        ...
    @property
    def region_code(self) -> str:
        ...
    @property
    def region_name(self) -> str:
        ...
    @property
    def year(self) -> int:
        ...
class Result:
    """
    The outcome of assessing one region.
    """
    def explain(self, lang: str = 'zh') -> list[str]:
        ...
    def to_document(self) -> typing.Any:
        ...
    def to_json_text(self, indent: typing.SupportsInt | typing.SupportsIndex = 2) -> str:
        ...
    @property
    def finding_count(self) -> int:
        ...
    @property
    def grade(self) -> str:
        ...
    @property
    def grade_before_conditions(self) -> str:
        ...
    @property
    def node_points(self) -> dict:
        ...
    @property
    def rank(self) -> int | None:
        ...
    @property
    def region_code(self) -> str:
        ...
    @property
    def region_name(self) -> str:
        ...
    @property
    def scheme(self) -> Scheme:
        ...
    @property
    def total(self) -> float:
        ...
    @property
    def vetoed(self) -> bool:
        ...
    @property
    def year(self) -> int:
        ...
class Analysis:
    """
    A batch of regions prepared once for uncertainty and sensitivity analysis.
    """
    def __init__(self, scheme: Scheme, regions: typing.SupportsInt | typing.SupportsIndex, year: typing.Any, numbers: dict, codes: dict, counts: dict, incidents: typing.Any, threads: typing.SupportsInt | typing.SupportsIndex = 0) -> None:
        """
        The arguments of assess_columns.
        """
    def replication(self, vary: dict, seed: typing.SupportsInt | typing.SupportsIndex, index: typing.SupportsInt | typing.SupportsIndex) -> dict:
        """
        The numbers drawn by one replication and the totals, grades and ranks under them.
        """
    def sensitivity(self, base_samples: typing.SupportsInt | typing.SupportsIndex, seed: typing.SupportsInt | typing.SupportsIndex, vary: dict, output: str = 'rank_shift', threads: typing.SupportsInt | typing.SupportsIndex = 0, progress: typing.Any = None, first: typing.SupportsInt | typing.SupportsIndex = 0) -> dict:
        """
        The output of the Saltelli design's N x (d + 2) evaluations: f(A), f(B), f(A_B^(j)).
        """
    def uncertainty(self, replications: typing.SupportsInt | typing.SupportsIndex, seed: typing.SupportsInt | typing.SupportsIndex, vary: dict, threads: typing.SupportsInt | typing.SupportsIndex = 0, keep_matrices: bool = False, progress: typing.Any = None, first: typing.SupportsInt | typing.SupportsIndex = 0) -> dict:
        """
        Replications first .. first + replications - 1 with the varied numbers; progress(done, total) is called now and then. keep_matrices adds totals, ranks and grade_matrix.
        """
    @property
    def per_point_leaves(self) -> list[str]:
        ...
    @property
    def regions(self) -> int:
        ...
    @property
    def threshold_grades(self) -> list[str]:
        ...
    @property
    def unit_ids(self) -> list[str]:
        """
        Nodes whose points vary.
        """
    @property
    def verified_values(self) -> int:
        ...
class RegionTree:
    """
    The region hierarchy (provinces, prefectures, counties; GB/T 2260 codes), checked.
    """
    max_regions: typing.ClassVar[int] = 100000
    def __contains__(self, arg0: typing.Any) -> bool:
        ...
    def __init__(self, rows: typing.Any) -> None:
        """
        From dicts with code, name, level (or None), parent (or None) and location (or None); raises InputError listing every problem.
        """
    def __len__(self) -> int:
        ...
    def ancestor_at(self, code: typing.Any, level: typing.Any) -> str | None:
        """
        The ancestor's code at `level`, or None.
        """
    def ancestors(self, code: typing.Any) -> list[str]:
        """
        Parent, grandparent, ...: nearest first.
        """
    def at_level(self, level: typing.Any, under: typing.Any = None) -> list[str]:
        """
        Codes at `level` in code order; with `under`, only in its part of the tree (itself included).
        """
    def children(self, code: typing.Any) -> list[str]:
        """
        Codes directly under `code`, in code order.
        """
    def descendants(self, code: typing.Any, level: typing.Any = None) -> list[str]:
        """
        Codes below `code` (at `level` if given), in code order.
        """
    def entries(self) -> list:
        """
        Every entry as a dict, in code order.
        """
    def find(self, code: typing.Any) -> typing.Any:
        """
        The entry as a dict (code, name, level, parent, location), or None.
        """
    def level(self, code: typing.Any) -> str:
        ...
def _install_log_bridge() -> None:
    """
    Forward core log records to logging.getLogger('qualityassess').
    """
def _remove_log_bridge() -> None:
    """
    Stop forwarding (called at interpreter exit).
    """
def _set_exception_types(input_error: type, scheme_error: type) -> None:
    """
    Register the Python classes the core raises for InputError and SchemeError (qualityassess._errors does, at import).
    """
def _set_log_level(level: typing.SupportsInt | typing.SupportsIndex) -> None:
    """
    Pass on records at this Python logging level and above.
    """
def arrow_label_codes(column: typing.Any, table: dict, fold_case: bool = False, booleans: bool = False) -> typing.Any:
    """
    Codes of an Arrow column (any object with __arrow_c_stream__) by `table` (label -> 0..127), read in place: -1 blank (null, empty text), -3 a text not in the table; None when the column is not text, a dictionary of text, null or (booleans) boolean.
    """
def arrow_numbers(column: typing.Any) -> typing.Any:
    """
    float64 values of an Arrow column (any object with __arrow_c_stream__) of floats or integers, NaN where null, read in place; None for another type.
    """
def as_one_line(text: str) -> str:
    """
    `text` for one line of a plain-text output: control characters and line separators become spaces.
    """
def assess(scheme: Scheme, submission: Submission) -> Result:
    ...
def assess_cohort(scheme: Scheme, submissions: collections.abc.Sequence[Submission]) -> list[Result]:
    ...
def assess_columns(scheme: Scheme, regions: typing.SupportsInt | typing.SupportsIndex, year: typing.Any, numbers: dict, codes: dict, counts: dict, incidents: typing.Any, threads: typing.SupportsInt | typing.SupportsIndex = 0, node_points: bool = True) -> dict:
    """
    Assess regions held as columns (batch.hpp). numbers: '<leaf>.self|verified|target|previous' and '<adjustment>.value' -> float64 (NaN = not given); codes: '<leaf>.self|verified' -> int8 (levels, booleans; checklists as regions x items); counts: deduction leaves, int64 regions x kinds; year: an int or an int32 array; incidents: None or a dict of arrays region, day, scope, severity, deaths, reported and lists scope_names, severity_names. Returns a dict of arrays: total, grade, grade_before_conditions, vetoed, rank (rank grading), nodes (regions x nodes).
    """
def assess_document(scheme: Scheme, document: typing.Any) -> Result:
    """
    Assess one submission document (a dict, or JSON text); the same as assess(scheme, Submission.from_document(document)).
    """
def assess_documents(scheme: Scheme, documents: list) -> list[Result]:
    """
    Assess submission documents (dicts or JSON texts) together; the same as assess_cohort of each read with Submission.from_document.
    """
def assess_level(scheme: Scheme, tree: RegionTree, level: str, under: str | None, submissions: collections.abc.Sequence[Submission], lower: collections.abc.Sequence[Result] | None) -> tuple[list[Result], list[str]]:
    """
    Grade the regions at `level` under `under` (Art. 10); returns (results in code order, codes of submissions outside the selection). `lower`: the results of the level below, for points the scheme takes from it.
    """
def assessment_calendar(year: typing.SupportsInt | typing.SupportsIndex, scheme: Scheme | None = None) -> dict[str, typing.Any]:
    ...
def band_grades(scheme: Scheme, totals: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex]) -> list[int]:
    """
    Per total, the index (0 = best) of the scheme's band it falls in, exactly (Art. 5); InputError under rank grading.
    """
def builtin_scheme_document(id: str) -> str:
    ...
def builtin_scheme_ids() -> list[str]:
    ...
def check_columns(scheme: Scheme, regions: typing.SupportsInt | typing.SupportsIndex, year: typing.Any, numbers: dict, codes: dict, counts: dict, incidents: typing.Any, limit: typing.SupportsInt | typing.SupportsIndex = 100) -> list:
    """
    The bad values of assess_columns' arguments as (row, column, message, message in Chinese), row -1 for a column.
    """
def check_submissions(scheme: Scheme, submissions: collections.abc.Sequence[Submission]) -> None:
    """
    Check submissions against a scheme as assess_cohort does, without assessing; raises InputError.
    """
def document_limits() -> dict:
    ...
def grade_changes(grades_before: collections.abc.Sequence[str], before: collections.abc.Sequence[str | None], grades_after: collections.abc.Sequence[str], after: collections.abc.Sequence[str | None]) -> list[str | None]:
    """
    Per pair of grades: 'up', 'down', 'same', or None when the grade lists differ in length, a grade is not in its list, or a side is None.
    """
def heading_zh(heading: str) -> str:
    """
    An error heading's Chinese (errors.cpp words them all, the package's too); the English when unknown.
    """
def is_misreporting(kind: str) -> bool:
    """
    Art. 9: is a finding of this kind misreporting (overstated or concealed)?
    """
def label_codes(values: numpy.ndarray, table: dict, fold_case: bool = False, booleans: bool = False) -> numpy.typing.NDArray[numpy.int8]:
    """
    Codes of an object array of labels by `table` (label -> 0..127): -1 blank (None, NaN, empty text), -2 another kind of object, -3 a text not in the table.
    """
def level_name(level: str) -> str:
    """
    'province', 'prefecture' or 'county' for a level named so or 省, 市, 县; InputError (in zh and en, the levels listed as 省 (province)…) otherwise.
    """
def lower_level_values(scheme: Scheme, tree: RegionTree, lower: collections.abc.Sequence[Result], codes: collections.abc.Sequence[str]) -> dict[str, dict[str, float]]:
    """
    For each region in `codes`: point id -> value of the points `scheme` takes from the level below, computed from `lower` (the results of that level).
    """
def next_grade(scheme: Scheme, totals: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], grades: collections.abc.Sequence[str], vetoed: collections.abc.Sequence[bool], points: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> dict:
    """
    Per region: next_grade, gap, headroom, reachable, blocked, points_to_raise and plan, from its total, grade, veto and the points of each scoring unit (regions x scoring_units); exact. InputError under rank grading.
    """
def not_a_level_message(shown: str, leaf_id: str, level_ids: collections.abc.Sequence[str]) -> str:
    """
    The refusal of a value that is not one of a leaf's levels, as every reader words it.
    """
def not_a_level_message_zh(shown: str, leaf_id: str, leaf_name_zh: str, levels: collections.abc.Sequence[tuple[str, str, str]]) -> str:
    """
    not_a_level_message in Chinese, the point by its Chinese name (its id when that is empty) and each level given as (id, zh label, en label) and shown as the form shows it: "'superb' 不是 质量发展规划 (development_plan) 的等级，可选：优秀 (excellent)、…".
    """
def parse_json(text: str, kind: str = 'other') -> typing.Any:
    """
    Parse JSON text strictly; raises SchemeError (kind 'scheme') or InputError naming the path.
    """
def rank_order(grades: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], totals: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], codes: collections.abc.Sequence[str]) -> tuple[list[int], list[int]]:
    """
    The one ranking order: (order, ranks). order: indices best first (grade index, then total, highest first, then code); ranks: per input, competition ranks (1, 2, 2, 4) by grade and total.
    """
def rectification_due(announced: typing.Any, scheme: Scheme | None = None) -> typing.Any:
    ...
def region_text_problems(values: numpy.ndarray, codes: bool, limit: typing.SupportsInt | typing.SupportsIndex = 100) -> list:
    """
    (position, message) of each str in `values` that a submission's reader refuses as a region code (codes=True) or name: a line break or tab, full-width digits in a code.
    """
def roll_up(tree: RegionTree, results: typing.Any, level: typing.Any = None) -> dict:
    """
    Results (a list of Result) rolled up to `level` (default: the level above theirs) as a dict: scheme, results_level, level, grades and one row dict per region at `level`.
    """
def scoring_units(scheme: Scheme) -> list[str]:
    """
    The ids of the nodes whose points add straight into the total (a leaf under sums, a min or weighted-mean branch), in pre-order.
    """
def single_line_problem(text: str) -> str:
    """
    Why `text` cannot be a name or a code (a line break or a tab in it), or '' when it can.
    """
def stream_key(seed: typing.SupportsInt | typing.SupportsIndex, replication: typing.SupportsInt | typing.SupportsIndex, group: typing.SupportsInt | typing.SupportsIndex) -> int:
    ...
def summarise_replications(grades: collections.abc.Sequence[str], totals: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], ranks: typing.Annotated[numpy.typing.ArrayLike, numpy.int32], grade_matrix: typing.Annotated[numpy.typing.ArrayLike, numpy.int8], threads: typing.SupportsInt | typing.SupportsIndex = 0) -> dict:
    """
    Grade counts and percentiles per region from the replications x regions matrices of Analysis.uncertainty(keep_matrices=True) shares stacked in replication order.
    """
__version__: str = '0.1.0'
