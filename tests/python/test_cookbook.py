"""The Cookbook of docs/scheme-language.md runs as written (issue 16 part 3).

The section is the text from its ``## Cookbook`` heading to the next ``## `` heading; each
``### `` heading under it is one recipe. A recipe's ``json`` blocks are complete schemes: each
must validate against the package's scheme JSON Schema and load with ``qa.Scheme.from_dict``.
Its ``python`` blocks are doctest sessions (``>>>`` lines and the output they print), run with
:mod:`doctest` in order, each with ``qa`` (the package), ``json`` and ``document`` (the last
JSON block above it in the same recipe, freshly parsed) bound. A session fails when an output
shown in the text changes, when a scheme stops validating, or when a call raises."""

from __future__ import annotations

import doctest
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

import qualityassess as qa

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "scheme-language.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```\s*$", re.S | re.M)

# The recipes the section must keep (issue 16: one per pattern), in order; each one runs.
RECIPE_TITLES = [
    "Veto by a count of incidents",
    "Downgrade on falsification found at verification",
    "Floors per item: every key item must reach a share of its points",
    "The lower of the two (`min`)",
    "Rank tiers with ties and a grade reached only by a downgrade",
    "A calendar-year scheme",
    "Nothing filed means nothing to deduct",
    "A bonus with a cap",
    "Its own legal basis",
    "Gates (pass/fail)",
    "A figure beside the grade (informational points)",
    "Derived values: a reduction rate from two years' concentrations",
    "Basic requirements beside the bands",
]


@dataclass
class Block:
    language: str
    text: str
    line: int  # 1-based line of the block's first line of code in the document


@dataclass
class Recipe:
    title: str
    line: int
    blocks: list[Block] = field(default_factory=list)

    def of(self, language: str) -> list[Block]:
        return [block for block in self.blocks if block.language == language]


def cookbook() -> tuple[str, int]:
    """The section's text and the line of the document it starts on."""
    text = DOC.read_text(encoding="utf-8")
    start = text.index("\n## Cookbook\n") + 1
    end = text.find("\n## ", start)
    return text[start : end if end >= 0 else len(text)], text[:start].count("\n") + 1


def recipes() -> list[Recipe]:
    section, first_line = cookbook()
    found: list[Recipe] = []
    for part in re.split(r"(?m)^(?=### )", section)[1:]:
        heading, _, body = part.partition("\n")
        line = first_line + section[: section.index(part)].count("\n")
        recipe = Recipe(heading.removeprefix("### ").strip(), line)
        for match in FENCE.finditer(body):
            at = line + 1 + body[: match.start(2)].count("\n")
            recipe.blocks.append(Block(match.group(1), match.group(2), at))
        found.append(recipe)
    return found


RECIPES = recipes()
WITH_CODE = [recipe for recipe in RECIPES if recipe.blocks]


@pytest.fixture(scope="module")
def scheme_schema() -> Draft202012Validator:
    resource = resources.files("qualityassess").joinpath("schemas", "scheme.schema.json")
    return Draft202012Validator(json.loads(resource.read_text(encoding="utf-8")))


def test_the_cookbook_has_a_recipe_per_pattern() -> None:
    assert [recipe.title for recipe in RECIPES] == RECIPE_TITLES
    for recipe in RECIPES:
        assert len(recipe.of("json")) == 1 and len(recipe.of("python")) == 1, recipe.title
        assert {block.language for block in recipe.blocks} <= {"json", "python"}, recipe.title
    # Every recipe's first block is its scheme: a session never runs without one above it.
    assert all(recipe.blocks[0].language == "json" for recipe in WITH_CODE)


@pytest.mark.parametrize("recipe", WITH_CODE, ids=[recipe.title for recipe in WITH_CODE])
def test_recipe_schemes_validate(recipe: Recipe, scheme_schema: Draft202012Validator) -> None:
    for block in recipe.of("json"):
        document = json.loads(block.text)
        problems = [
            "/".join(map(str, error.absolute_path)) + ": " + error.message
            for error in scheme_schema.iter_errors(document)
        ]
        assert problems == [], f"line {block.line}: " + "\n".join(problems)
        scheme = qa.Scheme.from_dict(document)  # the reader accepts it too
        assert scheme_schema.is_valid(scheme.to_dict())


@pytest.mark.parametrize("recipe", WITH_CODE, ids=[recipe.title for recipe in WITH_CODE])
def test_recipe_sessions_print_what_the_text_shows(recipe: Recipe) -> None:
    parser = doctest.DocTestParser()
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    document: dict[str, Any] | None = None
    attempted = 0
    for block in recipe.blocks:
        if block.language == "json":
            document = json.loads(block.text)
            continue
        assert document is not None, f"line {block.line}: a session with no scheme above it"
        env = {"qa": qa, "json": json, "document": json.loads(json.dumps(document))}
        test = parser.get_doctest(block.text, env, recipe.title, str(DOC), block.line - 1)
        assert test.examples, f"line {block.line}: a python block without '>>>' examples"
        # Every example but assignments and definitions shows what it prints.
        shown = [example for example in test.examples if example.want]
        assert shown, f"line {block.line}: the session shows no output"
        report: list[str] = []
        runner = doctest.DocTestRunner(optionflags=flags)
        outcome = runner.run(test, out=report.append)
        attempted += outcome.attempted
        assert outcome.failed == 0, "".join(report)
    assert attempted > 0


def test_sessions_check_the_outputs() -> None:
    # The runner really compares: a changed output in a recipe's session fails.
    recipe = next(recipe for recipe in RECIPES if recipe.title == RECIPE_TITLES[0])
    block = recipe.of("python")[0]
    changed = block.text.replace("(95.0, 'pass', False)", "(94.0, 'pass', False)", 1)
    assert changed != block.text
    env = {"qa": qa, "json": json, "document": json.loads(recipe.of("json")[0].text)}
    test = doctest.DocTestParser().get_doctest(changed, env, "changed", str(DOC), 0)
    outcome = doctest.DocTestRunner().run(test, out=lambda _: None)
    assert outcome.failed == 1
