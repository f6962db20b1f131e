"""Course files: defaults, validation with precise messages, --set overrides, and fuzzing."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import REPO, make_lesson
from hypothesis import event, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from render import main
from derivanim.config import CourseConfig, apply_overrides, load_course, parse_course
from derivanim.errors import ConfigError, LessonError
from derivanim.facts import lesson_facts
from derivanim.kinds import names
from derivanim.kinds.chain import ChainLesson
from derivanim.kinds.descent import DescentLesson
from derivanim.kinds.limit import LimitLesson
from derivanim.kinds.rules import RulesLesson
from derivanim.kinds.secant import SecantLesson
from derivanim.kinds.slopes import SlopesLesson
from derivanim.kinds.stretch import StretchLesson

KINDS = names()

SECANT = '[[lessons]]\nid = "sec"\nkind = "secant"\nfunction = "x^2"\npoint = 2\n'


def refusal(path, overrides=()) -> str:
    with pytest.raises(ConfigError) as caught:
        load_course(path, overrides)
    return str(caught.value)


# --- defaults -------------------------------------------------------------------------------------

def test_a_lesson_needs_only_kind_function_and_point():
    config = parse_course({"lessons": [
        {"kind": "limit", "function": "sin(x)/x", "point": 0},
        {"kind": "secant", "function": "x^2", "point": 2},
        {"kind": "slopes", "function": "x^3 - 3x"},
        {"kind": "rules", "function": "x^2*sin(x)"},
        {"kind": "stretch", "function": "x^2"},
        {"kind": "chain", "function": "sin(x^2)", "point": 1.2},
        {"kind": "jacobian", "map": ["x^2 - y", "x + y^2"]},  # a map of the plane: no function
        {"kind": "numerics", "function": "sin(x)", "point": 1.2},
        {"kind": "descent", "function": "(w - 2)^2 + 1"},
        {"kind": "backprop", "function": "(y - w*x - b)^2"},
    ]})
    limit, secant, slopes, rules, stretch, chain, jacobian, numerics, descent, backprop = (
        config.lessons)
    assert isinstance(limit, LimitLesson) and limit.samples == (1.0, 0.5, 0.1)
    assert isinstance(secant, SecantLesson) and secant.h == (2.0, 1.0, 0.5, 0.25)
    assert isinstance(slopes, SlopesLesson) and slopes.points == (-1.0, 0.0, 1.5)
    assert isinstance(rules, RulesLesson) and rules.point == 1.0
    assert isinstance(stretch, StretchLesson)
    assert (stretch.points, stretch.input_range) == ((1.5, 0.25, -1.0, 0.0), (-2.0, 3.0))
    assert isinstance(chain, ChainLesson) and (chain.outer, chain.inner) == (None, None)
    assert jacobian.points == ((1.0, 1.0), (-0.5, 0.25), (-1.0, 1.0), (-0.5, 0.5), (0.0, 0.0))
    assert (numerics.h_exponents, numerics.table_h) == ((-15, -1), (1.0, 0.3, 0.1, 0.03, 0.01))
    assert isinstance(descent, DescentLesson)
    assert (descent.start, descent.learning_rates, descent.steps) == (-1.0, (0.2, 0.8, 1.1), 10)
    assert [lesson.id for lesson in config.lessons] == list(KINDS)
    assert [lesson.title for lesson in config.lessons] == [
        "Approaching a value you cannot plug in",
        "Secant lines become the tangent",
        "Every point has its own slope",
        "Derivative rules, read off the tree",
        "The derivative stretches the number line",
        "The chain rule multiplies stretches",
        "The Jacobian stretches the plane",
        "Derivatives with numbers, and where they break",
        "Follow the slope downhill",
        "Backprop: the chain rule run backwards",
    ]
    assert (backprop.parameters, backprop.inputs, backprop.learning_rate) == (
        {"w": 0.5, "b": 0.0}, {"x": 2.0, "y": 3.0}, 0.1)
    assert all(lesson.x_range is None for lesson in config.lessons)


def test_course_defaults():
    course = parse_course({"lessons": [{"kind": "slopes", "function": "x^2"}]}).course
    assert (course.title, course.quality, course.aspect, course.theme, course.narrate) == (
        "Derivatives, from limits to backpropagation", "high", "16:9", "dark", False
    )


def test_a_given_title_and_id_are_kept():
    lesson = make_lesson(kind="slopes", function="x^2", id="my-slopes", title="Mine")
    assert (lesson.id, lesson.title) == ("my-slopes", "Mine")


def test_lessons_are_frozen():
    lesson = make_lesson(kind="slopes", function="x^2")
    with pytest.raises(ValidationError, match="frozen"):
        lesson.function = "x^3"
    assert lesson.function == "x^2"


def test_toml_integers_become_floats_and_lists_become_tuples(write_toml):
    config = load_course(write_toml(SECANT + "h = [1, 0.5]\nx_range = [-1, 5]\n"))
    lesson = config.lesson("sec")
    assert (lesson.point, lesson.h, lesson.x_range) == (2.0, (1.0, 0.5), (-1.0, 5.0))
    with pytest.raises(KeyError):
        config.lesson("nope")


# --- broken files: each message names the file, the lesson and the field -------------------------

def test_toml_syntax_error_names_line_and_column(write_toml):
    path = write_toml('[[lessons]]\nid = "sec"\nkind = "secant"\nfunction = "x^2\npoint = 2\n')
    assert refusal(path).startswith(f"{path}: line 4, column 16: invalid TOML: ")


def test_toml_syntax_error_in_a_value(write_toml):
    path = write_toml(SECANT.replace("point = 2", "point = = 2"))
    assert refusal(path) == f"{path}: line 5, column 9: invalid TOML: Invalid value"


def test_missing_file(tmp_path):
    path = tmp_path / "nowhere.toml"
    assert refusal(path) == f"{path}: file not found"


def test_undecodable_file(tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes(b'[course]\ntitle = "caf\xe9"\n')
    assert refusal(path).startswith(f"{path}: cannot read the file (")


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        (SECANT + 'colour = "red"\n', "lesson 'sec': colour: unknown field"),
        ('[course]\ncolour = "red"\n' + SECANT, "[course]: colour: unknown field"),
        ('[course]\ntheme = "purple"\n' + SECANT,
         "[course]: theme: Input should be 'dark', 'light' or 'high-contrast'"),
        ('[course]\nnarrate = "yes"\n' + SECANT, "[course]: narrate: Input should be a valid boolean"),
        ('[course]\nvoice = "EN; rm -rf"\n' + SECANT,
         "[course]: voice: 'EN; rm -rf' is not a voice: write piper:en_US-joe-medium or "
         "espeak:<voice> with an espeak-ng voice such as en-us or en-gb"),
        ('[course]\nvoice = "espeak:en-us"\npiper_model = "/my/voice.onnx"\n' + SECANT,
         "[course]: voice 'espeak:en-us' is espeak-ng, but piper_model asks for Piper: set one "
         "of them"),
        ('[course]\nvoice = "piper:en_GB-alan-low"\n' + SECANT,
         "[course]: voice: 'piper:en_GB-alan-low': the only bundled Piper voice is "
         "piper:en_US-joe-medium (set piper_model to use a .onnx voice of your own)"),
        ('[course]\nvoice_speed = 2000\n' + SECANT,
         "[course]: voice_speed: Input should be less than or equal to 400"),
        ('[course]\nvoice_pitch = -1\n' + SECANT,
         "[course]: voice_pitch: Input should be greater than or equal to 0"),
        (SECANT.replace("point = 2", 'point = "abc"'),
         "lesson 'sec': point: unknown name 'abc' (a point is a number: it has no variable)"),
        (SECANT.replace("point = 2", 'point = "x/2"'),
         "lesson 'sec': point: unknown name 'x' (a point is a number: it has no variable)"),
        (SECANT.replace("point = 2", 'point = "log(-1)"'),
         "lesson 'sec': point: 'log(-1)' is not a real number"),
        (SECANT.replace("point = 2", "point = true"),
         "lesson 'sec': point: must be a number or a number written as text (\"pi/2\"), got bool"),
        (SECANT.replace("point = 2", "point = nan"), "lesson 'sec': point: must be a finite number"),
        (SECANT.replace("point = 2", 'point = 2\nvariable = "t"'),
         "lesson 'sec': function: unknown name 'x' (the variable is t)"),
        (SECANT.replace("point = 2", 'point = 2\nname = "e"'),
         "lesson 'sec': name: 'e' is the constant e; choose another letter"),
        (SECANT.replace("point = 2", 'point = 2\nvariable = "pi"'),
         "lesson 'sec': variable: must be one letter (got 'pi')"),
        (SECANT.replace("point = 2", 'point = 2\nname = "x"'),
         "lesson 'sec': name: must differ from the variable (both are 'x')"),
        (SECANT.replace("point = 2", 'point = 2\nvariable = "h"'),
         "lesson 'sec': variable: 'h' is the step h of this lesson's formulas; choose another letter"),
        (SECANT.replace("point = 2\n", ""), "lesson 'sec': point: required field is missing"),
        (SECANT.replace('function = "x^2"\n', ""), "lesson 'sec': function: required field is missing"),
        (SECANT.replace('"secant"', '"integral"'),
         f"lesson 'sec': unknown kind (choose one of {', '.join(names())})"),
        (SECANT.replace('kind = "secant"\n', ""),
         f"lesson 'sec': kind is missing (choose one of {', '.join(names())})"),
        (SECANT + "h = [1, -0.5]\n", "lesson 'sec': h[1]: Input should be greater than 0"),
        (SECANT + "h = [0]\n", "lesson 'sec': h[0]: Input should be greater than 0"),
        (SECANT + "h = []\n", "lesson 'sec': h: Tuple should have at least 1 item after validation, not 0"),
        (SECANT + "h = [1, 1, 1, 1, 1, 1, 1, 1, 1]\n",
         "lesson 'sec': h: Tuple should have at most 8 items after validation, not 9"),
        (SECANT + "x_range = [3, 1]\n", "lesson 'sec': x_range: must be [low, high] with low < high"),
        (SECANT.replace('"x^2"', '"w^2"'), "lesson 'sec': function: unknown name 'w' (the variable is x)"),
        (SECANT.replace('"x^2"', '"9**9**9**9"'),
         "lesson 'sec': function: power too large (exponents are limited to 64)"),
        (SECANT.replace('id = "sec"', 'id = "Bad Id"'),
         "lesson 'Bad Id': id: must be a slug of lower-case letters, digits and single hyphens (got 'Bad Id')"),
        ('[[lessons]]\nid = "down"\nkind = "descent"\nfunction = "(x - 2)^2"\n',
         "lesson 'down': function: unknown name 'x' (the variable is w)"),
        ('[[lessons]]\nid = "down"\nkind = "descent"\nfunction = "(w - 2)^2"\nsteps = 0\n',
         "lesson 'down': steps: Input should be greater than or equal to 1"),
        ('[[lessons]]\nid = "down"\nkind = "descent"\nfunction = "(w - 2)^2"\nsteps = 2.5\n',
         "lesson 'down': steps: Input should be a valid integer"),
        ('[[lessons]]\nid = "ch"\nkind = "chain"\nfunction = "sin(x^2)"\npoint = 1\nouter = "sin(u)"\n',
         "lesson 'ch': outer and inner must be given together (or both left out)"),
        (('[[lessons]]\nid = "ch"\nkind = "chain"\nfunction = "sin(x^2)"\npoint = 1\n'
          'outer = "sin(x)"\ninner = "x^2"\n'),
         "lesson 'ch': outer: unknown name 'x' (the variable is u)"),
        ('[[lessons]]\nid = "st"\nkind = "stretch"\nfunction = "x^2"\ninput_range = [3, -2]\n',
         "lesson 'st': input_range: must be [low, high] with low < high"),
        ('[course]\ntitle = "empty"\n', "lessons: required field is missing"),
        ("lessons = []\n", "lessons: Tuple should have at least 1 item after validation, not 0"),
        ("lessons = 3\n", "lessons: Input should be a valid tuple"),
    ],
)
def test_broken_config_is_refused_naming_file_lesson_and_field(write_toml, text, detail):
    path = write_toml(text)
    assert refusal(path) == f"{path}: {detail}"


def test_duplicate_ids_are_refused(write_toml):
    path = write_toml(SECANT + SECANT.replace('"x^2"', '"x^3"'))
    assert refusal(path) == (
        f"{path}: lessons[1]: id: 'sec' is used by an earlier lesson "
        "(ids must be unique; give each lesson its own id)"
    )


def test_two_lessons_of_one_kind_without_ids_collide_on_the_default_id(write_toml):
    lesson = '[[lessons]]\nkind = "slopes"\nfunction = "x^2"\n'
    path = write_toml(lesson + lesson)
    assert "lessons[1]: id: 'slopes' is used by an earlier lesson" in refusal(path)


def test_every_problem_is_listed_once(write_toml):
    path = write_toml(SECANT + 'colour = "red"\nh = [0]\n')
    lines = refusal(path).removeprefix(f"{path}: ").split("\n  ")
    assert sorted(lines) == ["lesson 'sec': colour: unknown field", "lesson 'sec': h[0]: Input should be greater than 0"]


# --- mathematically unusable lessons: refused when their facts are computed -----------------------

@pytest.mark.parametrize(
    ("lesson", "field", "reason"),
    [
        ('kind = "secant"\nfunction = "log(x)"\npoint = -1', "point",
         "x = -1 is outside the domain of f (f(x) is not a real number there)"),
        ('kind = "secant"\nfunction = "1/x"\npoint = 0', "point", "f is singular at x = 0 (it blows up there)"),
        ('kind = "secant"\nfunction = "abs(x)"\npoint = 0', "point",
         "f is not differentiable at x = 0 (slope from the left -1, from the right 1)"),
        ('kind = "secant"\nfunction = "x^(1/3)"\npoint = 0', "point",
         "f is not differentiable at x = 0 (it jumps or its slope is infinite there)"),
        ('kind = "slopes"\nfunction = "x^(1/3)"\npoints = [1, 0]', "points[1]",
         "f is not differentiable at x = 0 (it jumps or its slope is infinite there)"),
        ('kind = "stretch"\nfunction = "sqrt(x)"\npoints = [1]\ninput_range = [-1, 2]', "input_range",
         "f is not defined and finite across [-1, 2]; choose a range inside its domain"),
        ('kind = "chain"\nfunction = "x^2 + sin(x)"\npoint = 1', "function",
         "x^2 + sin(x) is not a composition f(g(x)); give outer and inner explicitly"),
        ('kind = "chain"\nfunction = "sin(x^2)"\npoint = 1\nouter = "cos(u)"\ninner = "x^2"', "outer",
         "outer(inner(x)) = cos(x^2) differs from the function sin(x^2)"),
        ('kind = "descent"\nfunction = "log(w)"\nstart = -1', "start",
         "w = -1 is outside the domain of f (f(x) is not a real number there)"),
    ],
)
def test_unusable_lessons_are_refused_naming_lesson_field_and_reason(write_toml, lesson, field, reason):
    path = write_toml(f'[[lessons]]\nid = "bad"\n{lesson}\n')
    config = load_course(path)
    with pytest.raises(LessonError) as caught:
        lesson_facts(config.lessons[0])
    error = caught.value
    assert (error.lesson, error.field, error.reason) == ("bad", field, reason)
    assert str(error) == f"lesson 'bad': {field}: {reason}"
    # and the command line adds the file: one line, exit status 2
    result = CliRunner().invoke(main, ["--check", "--config", str(path)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"error: {path}: lesson 'bad': {field}: {reason}\n"


@pytest.mark.parametrize(
    ("function", "behaviour"),
    [("1/x", "infinite"), ("abs(x)/x", "jump"), ("1/x^2", "infinite"), ("sin(1/x)", "oscillating"),
     ("sin(x)/x", "removable")],
)
def test_limit_lessons_classify_instead_of_refusing(function, behaviour):
    facts = lesson_facts(make_lesson(kind="limit", function=function, point=0)).facts
    assert facts.behaviour == behaviour


# --- --set overrides --------------------------------------------------------------------------------

COURSE = "config/course.toml"


def test_override_course_theme(monkeypatch):
    monkeypatch.chdir(REPO)
    assert load_course(COURSE, ["course.theme=light"]).course.theme == "light"


def test_override_secant_point_changes_the_facts(monkeypatch):
    monkeypatch.chdir(REPO)
    lesson = load_course(COURSE, ["secant.point=1.5"]).lesson("secant")
    assert lesson.point == 1.5
    facts = lesson_facts(lesson).facts
    assert [s.slope for s in facts.secants] == [5.0, 4.0, 3.5, 3.25]
    assert facts.slope == 3.0


def test_override_values_are_read_as_toml_or_text():
    data = {"lessons": [{"id": "secant", "kind": "secant", "function": "x^2", "point": 2}]}
    result = apply_overrides(data, ["secant.h=[1, 0.5]", "secant.function=x^3", "course.narrate=true"])
    assert result["lessons"][0]["h"] == [1, 0.5]
    assert result["lessons"][0]["function"] == "x^3"
    assert result["course"]["narrate"] is True
    assert data == {"lessons": [{"id": "secant", "kind": "secant", "function": "x^2", "point": 2}]}


def test_override_reaches_a_lesson_by_its_default_id():
    data = {"lessons": [{"kind": "slopes", "function": "x^2"}]}
    assert apply_overrides(data, ["slopes.points=[2]"])["lessons"][0]["points"] == [2]


def test_override_of_an_unknown_lesson_id_lists_the_ids():
    data = {"lessons": [{"id": "secant", "kind": "secant", "function": "x^2", "point": 2}]}
    with pytest.raises(ConfigError) as caught:
        apply_overrides(data, ["tangent.point=1"])
    assert str(caught.value) == "--set: tangent.point=1: no lesson has the id 'tangent' (ids: secant)"


@pytest.mark.parametrize("override", ["secantpoint=1", "secant.point", "=1", "secant.=1", ".point=1",
                                      "secant.a.b=1"])
def test_malformed_override_is_refused(override):
    with pytest.raises(ConfigError) as caught:
        apply_overrides({"lessons": []}, [override])
    assert str(caught.value) == (
        f"--set: {override}: expected LESSON_ID.FIELD=VALUE or course.FIELD=VALUE"
    )


def test_override_with_a_bad_value_is_refused_naming_file_lesson_and_field(write_toml):
    path = write_toml(SECANT)
    assert refusal(path, ["sec.point=abc"]) == f"{path}: lesson 'sec': point: unknown name 'abc' (a point is a number: it has no variable)"
    assert refusal(path, ["sec.colour=red"]) == f"{path}: lesson 'sec': colour: unknown field"
    assert refusal(path, ["course.theme=neon"]) == (
        f"{path}: [course]: theme: Input should be 'dark', 'light' or 'high-contrast'"
    )


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("lessons = 3\n", "lessons: Input should be a valid tuple"),
        ('lessons = ["a"]\n', "lessons[0]: Input should be a valid dictionary or object to extract fields from"),
        ('course = "abc"\n' + SECANT, "[course]: Input should be a valid dictionary or instance of Course"),
    ],
)
def test_overrides_on_a_file_of_the_wrong_shape_report_the_file_not_crash(write_toml, text, detail):
    path = write_toml(text)
    assert refusal(path, ["course.theme=light"]) == f"{path}: {detail}"


# --- fuzzing ----------------------------------------------------------------------------------------

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=6),
    st.sampled_from(["x^2", "sin(x)/x", "(w - 2)^2 + 1", "sin(x^2)", "sin(u)", "y", "9**9**9**9", "",
                     "secant", "limit", "descent", "dark", "16:9", "high"]),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.text(max_size=4), children, max_size=2)
    ),
    max_leaves=4,
)
FIELDS = ["id", "kind", "title", "function", "point", "h", "points", "samples", "input_range",
          "outer", "inner", "start", "learning_rates", "steps", "x_range"]
lessons = st.dictionaries(
    st.one_of(st.sampled_from(FIELDS), st.text(max_size=4)),
    st.one_of(st.sampled_from(KINDS), st.integers(-3, 3), st.lists(st.integers(-3, 3), max_size=3),
              values),
    max_size=6,
)
VALID_LESSONS = [
    {"kind": "limit", "function": "sin(x)/x", "point": 0},
    {"kind": "secant", "function": "x^2", "point": 2},
    {"kind": "slopes", "function": "x^3 - 3x"},
    {"kind": "stretch", "function": "x^2"},
    {"kind": "chain", "function": "sin(x^2)", "point": 1.2},
    {"kind": "descent", "function": "(w - 2)^2 + 1"},
]
plausible_lessons = st.tuples(  # a valid lesson with a field or two changed
    st.sampled_from(VALID_LESSONS),
    st.dictionaries(
        st.sampled_from(FIELDS),
        st.one_of(st.integers(-3, 3), st.floats(), st.lists(st.floats(-1, 3), max_size=3),
                  st.sampled_from(["a", "b", "x^2", "sin(u)", "u", "Bad Id", ""])),
        max_size=1,
    ),
).map(lambda pair: {**pair[0], **pair[1]})
courses = st.dictionaries(
    st.one_of(st.sampled_from(["title", "quality", "aspect", "theme", "narrate"]), st.text(max_size=4)),
    values,
    max_size=3,
)
documents = st.one_of(
    st.fixed_dictionaries(
        {"lessons": st.lists(st.one_of(st.sampled_from(VALID_LESSONS), plausible_lessons, lessons),
                             max_size=3)},
        optional={"course": courses},
    ),
    st.dictionaries(st.sampled_from(["course", "lessons", "extra"]), values, max_size=3),
)


@settings(max_examples=300, deadline=500)
@given(documents)
def test_any_document_is_a_course_or_a_config_error(document):
    try:
        config = parse_course(document, source="fuzz.toml")
    except ConfigError as error:
        event("refused")
        assert str(error).startswith("fuzz.toml: ")
    else:
        event("valid course")
        assert isinstance(config, CourseConfig)
        ids = [lesson.id for lesson in config.lessons]
        assert len(ids) == len(set(ids))
        assert all(lesson.title for lesson in config.lessons)


overrides = st.lists(
    st.one_of(
        st.text(max_size=12),
        st.tuples(
            st.sampled_from(["course", "secant", "slopes", "nope", "", "a.b"]),
            st.sampled_from([*FIELDS, "theme", "", "x"]),
            st.one_of(st.text(max_size=6), st.sampled_from(["1.5", "[1, 2]", "true", "x^3", "{a = 1}"])),
        ).map(lambda t: f"{t[0]}.{t[1]}={t[2]}"),
    ),
    max_size=3,
)


@settings(max_examples=300, deadline=500)
@given(documents, overrides)
def test_any_overrides_on_any_document_give_a_course_or_a_config_error(document, sets):
    try:
        config = parse_course(apply_overrides(document, sets), source="fuzz.toml")
    except ConfigError as error:
        assert str(error).startswith(("fuzz.toml: ", "--set: "))
    else:
        assert isinstance(config, CourseConfig)


toml_like = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from([
        "[course]\n", "[[lessons]]\n", 'kind = "secant"\n', 'kind = "descent"\n',
        'function = "x^2"\n', 'function = "sin(x)/x"\n', "point = 2\n", "point = 1e308\n",
        "h = [1, 0.5]\n", "points = []\n", 'id = "a"\n', 'quality = "low"\n', "narrate = true\n",
        'voice = "en-gb"\n', "x = [\n", '"""\n', "= 3\n", "\x00", "[[lessons]]\nkind = 1\n",
    ]), max_size=14).map("".join),
)

KINDS = names()


@settings(max_examples=200, deadline=1000)
@given(toml_like)
def test_any_file_text_loads_to_a_course_or_a_config_error(tmp_path_factory, text):
    import tracemalloc

    path = tmp_path_factory.mktemp("fuzz") / "course.toml"
    path.write_bytes(text.encode("utf-8", errors="replace"))
    tracemalloc.start()
    try:
        config = load_course(path)
    except ConfigError as error:
        assert str(error).startswith(f"{path}:")
    else:
        assert config.lessons
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert peak < 20 * 2**20  # bounded memory: well under 20 MB for any text
