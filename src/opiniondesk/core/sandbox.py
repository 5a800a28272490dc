"""Limits on what a template may do while it renders, and the bounded jinja2 environment keeping them.

Department templates are untrusted. Besides jinja2's sandbox (no private attributes, no mutating
built-in containers), every render is bounded by `Limits`: nothing a template says is computed while
it compiles; ranges, loops, repetition, powers, joins and padding are checked before they run; all
text produced is counted, in macros and blocks too; and a deadline is checked in every loop, call,
operator and piece of output. Each limit reached raises OpinionDeskError inside the template, so
the error names its file and line. The checks are plain Python in the rendering thread: no
signals, no threads killed.
"""

from __future__ import annotations

import math
import re
import string
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from functools import update_wrapper
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace, pass_eval_context

from .errors import OpinionDeskError


@dataclass(frozen=True)
class Limits:
    """How far one render of a template may go. Real letters stay far inside every one."""

    seconds: float = 3.0  # wall time of one render
    letter_chars: int = 1_000_000  # the letter's markup
    produced_chars: int = 10_000_000  # all text made, macros and blocks included
    value_size: int = 1_000_000  # characters of a text, or items (and their text) of a list
    loop_items: int = 1_000_000  # loop iterations, all loops of one render together
    range_items: int = 10_000  # numbers in one range()
    int_bits: int = 10_000  # size of a whole number made by * or ** (about 3,000 digits)


LIMITS = Limits()


class _Budget:
    """What one render has used so far, against its limits."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.deadline = time.monotonic() + limits.seconds
        self.produced = 0
        self.loop_items = 0


_BUDGET: ContextVar[_Budget | None] = ContextVar("opiniondesk_render_budget", default=None)


@contextmanager
def bounded(limits: Limits) -> Iterator[None]:
    """Count the template work done inside against one budget of these limits (one render)."""
    token = _BUDGET.set(_Budget(limits))
    try:
        yield
    finally:
        _BUDGET.reset(token)


def _limits() -> Limits:
    """Return the current render's limits, raising once its time is up."""
    budget = _BUDGET.get()
    if budget is None:  # outside render_markup: sizes are still capped, time and counts are not
        return LIMITS
    if time.monotonic() > budget.deadline:
        raise OpinionDeskError(
            f"the template ran longer than {budget.limits.seconds:g} seconds; "
            "is it looping without end?"
        )
    return budget.limits


# ---- sizes ------------------------------------------------------------------------------------


def _size(value: Any, limit: int) -> int:
    """Return the size of a value: an item for each thing in it, and a text as its characters,
    counting a thing again each time it is reached (so lists nested by sharing count as what
    they print as), stopping once past the limit."""
    total = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, (str, bytes)):
            total += max(len(item), 1)
        elif isinstance(item, int):
            total += 1 + item.bit_length() // 4  # about its digits
        elif isinstance(item, dict):
            total += 1
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += 1
            stack.extend(item)
        elif isinstance(item, Namespace):
            total += 1
            stack.extend(object.__getattribute__(item, "_Namespace__attrs").values())
        else:
            total += 1
        if total > limit:
            break
    return total


def _too_long(what: str, size: int, limit: int) -> OpinionDeskError:
    return OpinionDeskError(
        f"{what} would be {size:,} characters long, more than the {limit:,} a template may make"
    )


def _too_many(what: str, size: int, limit: int) -> OpinionDeskError:
    del size  # counted only until past the limit
    return OpinionDeskError(
        f"{what} would hold more than {limit:,} items and characters, more than a template may make"
    )


def _check_value(value: Any, what: str, limits: Limits) -> Any:
    """Return the value, or raise when it is larger than a template may make."""
    limit = limits.value_size
    if isinstance(value, (str, bytes)):  # Markup too: a macro's or filter's output
        if len(value) > limit:
            raise _too_long(what, len(value), limit)
    elif isinstance(value, (list, tuple, dict, set, frozenset, Namespace)):
        size = _size(value, limit)
        if size > limit:
            raise _too_many(what, size, limit)
    return value


def _check_count(what: str, count: Any, limits: Limits, chars: bool = True) -> None:
    """Raise when a count (a width, a repetition) is larger than a template may make."""
    if isinstance(count, int) and count > limits.value_size:
        raise (_too_long if chars else _too_many)(what, count, limits.value_size)


def _check_number(what: str, bits: float, limits: Limits) -> None:
    if bits > limits.int_bits:
        digits = int(bits * math.log10(2)) + 1
        raise OpinionDeskError(
            f"{what} would be a number of about {digits:,} digits, more than a template may make"
        )


_PRINTF_RE = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?[a-zA-Z%]")


def _check_printf(fmt: str, limits: Limits) -> None:
    """Raise when a %-format would pad or print wider than a template may make."""
    for width, precision in _PRINTF_RE.findall(fmt):
        if "*" in (width, precision):
            raise OpinionDeskError(
                "a format taking its width from its values ('*') is not allowed in templates"
            )
        for number in (width, precision):
            if number:
                _check_count("the formatted text", int(number), limits)


def _check_format(fmt: str, limits: Limits) -> None:
    """Raise when a str.format() spec would pad wider than a template may make."""
    try:
        fields = list(string.Formatter().parse(fmt))
    except ValueError:
        return  # format() itself says what is wrong
    for _, _, spec, _ in fields:
        if not spec:
            continue
        if "{" in spec:
            raise OpinionDeskError(
                "a format taking its width from its values is not allowed in templates"
            )
        for number in re.findall(r"\d+", spec):
            _check_count("the formatted text", int(number), limits)


def _materialize(items: Any, limits: Limits) -> list:
    """Return an iterable's items as a list, stopping once there are more than a template may
    make (a generator is read once, so the caller passes the list on)."""
    out = []
    for item in items:
        out.append(item)
        if len(out) > limits.value_size:
            raise _too_many("the list", len(out), limits.value_size)
    return out


def _check_join(sep: str, items: list, limits: Limits) -> None:
    size = len(sep) * max(len(items) - 1, 0)
    size += sum(_size(x, limits.value_size) for x in items)
    if size > limits.value_size:
        raise _too_long("the joined text", size, limits.value_size)


def _check_replace(s: str, old: Any, new: Any, count: Any, limits: Limits) -> None:
    if not (isinstance(old, str) and isinstance(new, str)) or len(new) <= len(old):
        return
    found = len(s) + 1 if old == "" else s.count(old)
    if isinstance(count, int) and count >= 0:
        found = min(found, count)
    size = len(s) + found * (len(new) - len(old))
    if size > limits.value_size:
        raise _too_long("the replaced text", size, limits.value_size)


def _arg(args: tuple, kwargs: dict, index: int, name: str, default: Any = None) -> Any:
    return args[index] if len(args) > index else kwargs.get(name, default)


def _check_str_method(s: str, name: str, args: tuple, kwargs: dict, limits: Limits) -> tuple:
    """Check a call of a text's method that can make a longer text; return the arguments to use."""
    if name in ("ljust", "rjust", "center", "zfill"):
        _check_count("the padded text", _arg(args, kwargs, 0, "width"), limits)
    elif name == "expandtabs":
        tabsize = _arg(args, kwargs, 0, "tabsize", 8)
        if isinstance(tabsize, int):
            _check_count("the text", len(s) + s.count("\t") * tabsize, limits)
    elif name == "join" and args:
        items = _materialize(args[0], limits)
        _check_join(s, items, limits)
        return (items, *args[1:])
    elif name == "replace" and len(args) >= 2:
        _check_replace(s, args[0], args[1], _arg(args, kwargs, 2, "count", -1), limits)
    elif name in ("format", "format_map"):
        _check_format(s, limits)
    elif name == "translate" and args and isinstance(args[0], dict):
        longest = max((len(v) for v in args[0].values() if isinstance(v, str)), default=1)
        _check_count("the translated text", len(s) * longest, limits)
    return args


# Checks made before a filter that can make a text or list much larger than its input runs.
# Each takes the filter's arguments (the value first) and returns them, or others to use instead.
def _pre_center(args: tuple, kwargs: dict, limits: Limits) -> tuple:
    _check_count("the centered text", _arg(args, kwargs, 1, "width", 80), limits)
    return args


def _pre_indent(args: tuple, kwargs: dict, limits: Limits) -> tuple:
    text, width = str(args[0]) if args else "", _arg(args, kwargs, 1, "width", 4)
    each = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
    _check_count("the indented text", len(text) + (text.count("\n") + 1) * each, limits)
    return args


def _pre_wordwrap(args: tuple, kwargs: dict, limits: Limits) -> tuple:
    text, wrap = str(args[0]) if args else "", _arg(args, kwargs, 3, "wrapstring")
    if isinstance(wrap, str):
        _check_count("the wrapped text", len(text) * (1 + len(wrap)), limits)
    return args


def _pre_replace(args: tuple, kwargs: dict, limits: Limits) -> tuple:
    if args and len(args) >= 3 and isinstance(args[0], str):
        _check_replace(args[0], args[1], args[2], _arg(args, kwargs, 3, "count"), limits)
    return args


def _pre_join(args: tuple, kwargs: dict, limits: Limits) -> tuple:
    if not args:
        return args
    items = _materialize(args[0], limits)
    sep = _arg(args, kwargs, 1, "d", "")
    _check_join(sep if isinstance(sep, str) else "", items, limits)
    return (items, *args[1:])


def _pre_join_and(args: tuple, kwargs: dict, limits: Limits) -> tuple:
    if not args:
        return args
    items = _materialize(args[0], limits)
    conj, sep = _arg(args, kwargs, 1, "conj", "and"), _arg(args, kwargs, 3, "sep", ", ")
    glue = (sep if isinstance(sep, str) else "") + (conj if isinstance(conj, str) else "")
    _check_join(glue, items, limits)
    return (items, *args[1:])


def _pre_tojson(args: tuple, kwargs: dict, limits: Limits) -> tuple:
    indent = _arg(args, kwargs, 1, "indent")
    if args and isinstance(indent, int) and indent > 0:
        lines = _size(args[0], limits.value_size) + 1
        _check_count("the JSON text", lines * indent, limits)
    return args


def _pre_format(args: tuple, kwargs: dict, limits: Limits) -> tuple:
    if args and isinstance(args[0], str):
        _check_printf(args[0], limits)
    return args


def _pre_batch(args: tuple, kwargs: dict, limits: Limits) -> tuple:
    _check_count("each batch", _arg(args, kwargs, 1, "linecount"), limits, chars=False)
    return args


def _pre_slice(args: tuple, kwargs: dict, limits: Limits) -> tuple:
    _check_count("the slices", _arg(args, kwargs, 1, "slices"), limits, chars=False)
    return args


def _pre_sum(args: tuple, kwargs: dict, limits: Limits) -> tuple:
    start = _arg(args, kwargs, 2, "start", 0)
    if not isinstance(start, (int, float, Decimal)):
        raise OpinionDeskError("sum adds up numbers only; join texts with join")
    return args


def _pre_number_label(per: int) -> Callable[[tuple, dict, Limits], tuple]:
    def check(args: tuple, kwargs: dict, limits: Limits) -> tuple:
        if args and isinstance(args[0], int):
            _check_count("the label", abs(args[0]) // per, limits)
        return args

    return check


_FILTER_CHECKS: dict[str, Callable[[tuple, dict, Limits], tuple]] = {
    "center": _pre_center,
    "indent": _pre_indent,
    "wordwrap": _pre_wordwrap,
    "replace": _pre_replace,
    "join": _pre_join,
    "join_and": _pre_join_and,
    "tojson": _pre_tojson,
    "format": _pre_format,
    "batch": _pre_batch,
    "slice": _pre_slice,
    "sum": _pre_sum,
    "alpha": _pre_number_label(26),  # "a" ... "z", "aa": one letter more per 26
    "roman": _pre_number_label(1000),  # one "m" per thousand
}


def _guard_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """Return the filter with the time checked, its arguments checked where the filter can make
    much more than it is given, and its result's size checked."""
    check = _FILTER_CHECKS.get(name)
    passes = 1 if getattr(func, "jinja_pass_arg", None) is not None else 0
    what = f"the result of the {name} filter"

    def guarded(*args: Any, **kwargs: Any) -> Any:
        limits = _limits()
        if check is not None:
            args = args[:passes] + check(args[passes:], kwargs, limits)
        return _check_value(func(*args, **kwargs), what, limits)

    return update_wrapper(guarded, func)  # keeps jinja2's pass_context markers


def _range(*args: int) -> range:
    """range() for templates: at most `Limits.range_items` numbers."""
    limits = _limits()
    numbers = range(*args)
    try:
        count = len(numbers)
    except OverflowError:
        count = limits.range_items + 1
    if count > limits.range_items:
        shown = ", ".join(str(a) for a in args)
        raise OpinionDeskError(
            f"range({shown}) has more than {limits.range_items:,} numbers, "
            "more than a template may use"
        )
    return numbers


# ---- the environment ---------------------------------------------------------------------------


class _GuardedCodeGenerator(CodeGenerator):
    """jinja2's code generator with the limits built in: each loop's items come through
    `guard_loop`, each `~` through `checked_concat`, each list, tuple and dict made through
    `checked_value`, and every piece of output through `emit`."""

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        node.iter = nodes.Call(
            nodes.EnvironmentAttribute("guard_loop", lineno=node.lineno),
            [node.iter],
            [],
            None,
            None,
            lineno=node.lineno,
        )
        super().visit_For(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            join = "markup_join"
        else:
            join = "str_join"
        self.write(f"environment.checked_concat({join}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")

    def _checked(self, visit: Callable[[Any, Frame], None], node: Any, frame: Frame) -> None:
        if getattr(node, "ctx", "load") != "load":  # an assignment target: nothing is made
            visit(node, frame)
            return
        self.write("environment.checked_value(")
        visit(node, frame)
        self.write(")")

    def visit_List(self, node: nodes.List, frame: Frame) -> None:
        self._checked(super().visit_List, node, frame)

    def visit_Tuple(self, node: nodes.Tuple, frame: Frame) -> None:
        self._checked(super().visit_Tuple, node, frame)

    def visit_Dict(self, node: nodes.Dict, frame: Frame) -> None:
        self._checked(super().visit_Dict, node, frame)

    # Output into a buffer (a macro's, a block's, a {% set %} block's) is counted by `emit`;
    # output the template yields is the letter itself, counted as it is read (`render_markup`).
    _counted = False

    def visit_Output(self, node: nodes.Output, frame: Frame) -> None:
        self._counted = frame.buffer is not None
        super().visit_Output(node, frame)

    def _output_const_repr(self, group: Iterable[Any]) -> str:
        text = super()._output_const_repr(group)
        return f"environment.emit({text})" if self._counted else text

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        if self._counted:
            self.write("environment.emit(")
        super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        super()._output_child_post(node, frame, finalize)
        if self._counted:
            self.write(")")


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox with every render bounded by `Limits` (see the module's docstring)."""

    code_generator_class = _GuardedCodeGenerator
    # Intercepted operators are also never folded into constants while compiling.
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """Run a binary operator after checking it cannot make a value larger than allowed."""
        limits = _limits()
        if operator == "**":
            _check_power(left, right, limits)
        elif operator == "*":
            _check_product(left, right, limits)
        elif operator == "+":
            kinds = (str, bytes, list, tuple)
            if isinstance(left, kinds) and isinstance(right, kinds):
                size = _size(left, limits.value_size) + _size(right, limits.value_size)
                if size > limits.value_size:
                    if isinstance(left, (str, bytes)):
                        raise _too_long("the added text", size, limits.value_size)
                    raise _too_many("the added list", size, limits.value_size)
        elif operator == "%" and isinstance(left, str):
            _check_printf(left, limits)
        result = self.binop_table[operator](left, right)
        if isinstance(result, str):
            _check_value(result, "the result", limits)
        return result

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        """Call a function, macro or method from a template, checking time and sizes."""
        limits = _limits()
        target = getattr(__obj, "__wrapped__", __obj)
        owner = getattr(target, "__self__", None)
        name = getattr(target, "__name__", "")
        if isinstance(owner, str):
            args = _check_str_method(owner, name, args, kwargs, limits)
        elif isinstance(owner, int) and name == "to_bytes":
            _check_count("the bytes", _arg(args, kwargs, 0, "length", 1), limits)
        result = super().call(__context, __obj, *args, **kwargs)
        return _check_value(result, "the result of a call", limits)

    def guard_loop(self, items: Iterable[Any]) -> Iterator[Any]:
        """Yield a loop's items, counting them against the render's loops and time."""
        budget = _BUDGET.get()
        if budget is None:
            yield from items
            return
        limit = budget.limits.loop_items
        for item in items:
            budget.loop_items += 1
            if budget.loop_items > limit:
                raise OpinionDeskError(f"loops ran more than {limit:,} times in one letter")
            _limits()
            yield item

    def checked_concat(self, join: Callable[[Iterable[Any]], str], items: tuple) -> str:
        """Join values with `~` once their joined length is known to be allowed."""
        limits = _limits()
        size = 0
        for item in items:
            size += len(item) if isinstance(item, str) else _size(item, limits.value_size)
            if size > limits.value_size:
                raise _too_long("the joined text", size, limits.value_size)
        return _check_value(join(items), "the joined text", limits)

    def checked_value(self, value: Any) -> Any:
        """Return a list, tuple or dict a template made, once its size is known to be allowed."""
        return _check_value(value, "the value", _limits())

    def emit(self, text: str) -> str:
        """Count a piece of output made into a buffer against the render's limit."""
        budget = _BUDGET.get()
        if budget is not None:
            budget.produced += len(text)
            if budget.produced > budget.limits.produced_chars:
                raise OpinionDeskError(
                    f"the template produced more than {budget.limits.produced_chars:,} "
                    "characters of text"
                )
        return text


def _check_power(left: Any, right: Any, limits: Limits) -> None:
    if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
        _check_number("the power", math.log2(abs(left)) * right, limits)
    elif isinstance(left, Decimal) and isinstance(right, (int, Decimal)) and left.is_finite():
        digits = (abs(left.adjusted()) + 1) * abs(right)
        _check_number("the power", float(digits) / math.log10(2), limits)


def _check_product(left: Any, right: Any, limits: Limits) -> None:
    if isinstance(left, int) and isinstance(right, int):
        _check_number("the product", left.bit_length() + right.bit_length(), limits)
        return
    for seq, times in ((left, right), (right, left)):
        if isinstance(seq, (str, bytes, list, tuple)) and isinstance(times, int) and times > 1:
            size = _size(seq, limits.value_size) * times
            if size > limits.value_size:
                if isinstance(seq, (str, bytes)):
                    raise _too_long("the repeated text", size, limits.value_size)
                raise _too_many("the repeated list", size, limits.value_size)


def bounded_environment(
    finalize: Callable[[Any], Any], filters: dict[str, Callable[..., Any]], **options: Any
) -> BoundedEnvironment:
    """Return a bounded environment with these jinja2 options, output finalizer and filters
    (added to jinja2's own; each filter is checked as `_guard_filter` says)."""

    @pass_eval_context
    def finalize_output(eval_ctx: Any, value: Any) -> Any:
        # Needing the evaluation context, it is never applied while compiling: no output is
        # computed before the template runs.
        return finalize(value)

    # No constant folding: nothing a template says runs while compiling.
    env = BoundedEnvironment(finalize=finalize_output, optimized=False, **options)
    env.filters.update(filters)
    env.filters = {name: _guard_filter(name, f) for name, f in env.filters.items()}
    env.globals["range"] = _range
    del env.globals["lipsum"]  # paragraphs of Latin, as many as asked for
    return env
