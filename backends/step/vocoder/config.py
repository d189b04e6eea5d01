"""Reading `cosyvoice.yaml` without executing it.

The official folders describe their models in HyperPyYAML, whose tags (`!new:`, `!name:`, `!apply:`)
import and call arbitrary Python while loading. A model folder downloaded from the internet must not be
able to run code in the studio, so this module parses the same file with PyYAML into plain data:
`!new:pkg.Class` becomes ``{"__class__": "pkg.Class", **kwargs}``, `!name:pkg.func` becomes
``{"__name__": "pkg.func", **kwargs}``, `!apply:` is recorded and never called, and `!ref <key>` /
`!copy <key>` are resolved against the document (with simple arithmetic, as HyperPyYAML allows).
The typed views below then check that the classes named are the ones this package implements.
"""

from __future__ import annotations

import ast
import copy
import operator
import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from backends.base import BackendError

CLASS_KEY = "__class__"
NAME_KEY = "__name__"
APPLY_KEY = "__apply__"
ARGS_KEY = "__args__"

# Accepted final components of the dotted names, per role. Module paths differ between CosyVoice
# checkouts (cosyvoice.*, matcha.*), so only the class or function name is checked.
FLOW_CLASSES = frozenset({"MaskedDiffWithXvec"})
HIFT_CLASSES = frozenset({"HiFTGenerator"})
F0_CLASSES = frozenset({"ConvRNNF0Predictor"})
FEAT_FUNCTIONS = frozenset({"mel_spectrogram"})
FLOW_PARTS = {
    "encoder": frozenset({"ConformerEncoder"}),
    "length_regulator": frozenset({"InterpolateRegulator"}),
    "decoder": frozenset({"ConditionalCFM"}),
}
ESTIMATOR_CLASSES = frozenset({"ConditionalDecoder"})


class VocoderFileError(BackendError):
    """A CosyVoice folder file that is missing, unreadable or not what this package implements."""

    def __init__(self, path: Path | str, message: str) -> None:
        self.path = Path(path)
        super().__init__(f"{self.path}: {message}")


# --------------------------------------------------------------------------------------------
# Parsing


@dataclass(frozen=True)
class _Ref:
    expr: str
    deep_copy: bool = False


class _Loader(yaml.SafeLoader):
    """SafeLoader plus the HyperPyYAML tags, all turned into inert data."""


# YAML 1.2 floats such as `1e-06` (no dot) are strings under PyYAML's YAML 1.1 rules; HyperPyYAML
# (ruamel, YAML 1.2) reads them as numbers, so the same must happen here.
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |\.[0-9_]+(?:[eE][-+]?[0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
        re.X,
    ),
    list("-+0123456789."),
)


def _construct_args(loader: _Loader, node: yaml.Node) -> dict[str, Any]:
    if isinstance(node, yaml.MappingNode):
        return dict(loader.construct_mapping(node, deep=True))
    if isinstance(node, yaml.SequenceNode):
        return {ARGS_KEY: list(loader.construct_sequence(node, deep=True))}
    value = loader.construct_scalar(node)
    return {} if value in ("", None) else {ARGS_KEY: [value]}


def _new(loader: _Loader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    return {CLASS_KEY: suffix, **_construct_args(loader, node)}


def _name(loader: _Loader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    return {NAME_KEY: suffix, **_construct_args(loader, node)}


def _apply(loader: _Loader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    return {APPLY_KEY: suffix, **_construct_args(loader, node)}


def _ref(loader: _Loader, node: yaml.Node) -> _Ref:
    return _Ref(str(loader.construct_scalar(node)))


def _copy(loader: _Loader, node: yaml.Node) -> _Ref:
    return _Ref(str(loader.construct_scalar(node)), deep_copy=True)


def _tuple(loader: _Loader, node: yaml.Node) -> tuple[Any, ...]:
    return tuple(loader.construct_sequence(node, deep=True))


def _unsupported(loader: _Loader, suffix: str, node: yaml.Node) -> Any:
    raise yaml.constructor.ConstructorError(
        None, None, f"unsupported tag !{suffix.split(':')[0]}: in a CosyVoice config", node.start_mark)


_Loader.add_multi_constructor("!new:", _new)
_Loader.add_multi_constructor("!name:", _name)
_Loader.add_multi_constructor("!apply:", _apply)
_Loader.add_multi_constructor("!include:", _unsupported)
_Loader.add_constructor("!ref", _ref)
_Loader.add_constructor("!copy", _copy)
_Loader.add_constructor("!tuple", _tuple)

_REF_KEY = re.compile(r"<([^<>]+)>")
_BINOPS = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod, ast.Pow: operator.pow,
}


def _arith(expr: str) -> Any:
    """Evaluate number arithmetic only (no names, calls or attributes); ValueError otherwise."""

    def ev(node: ast.AST) -> Any:
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return node.value
        if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
            return _BINOPS[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            value = ev(node.operand)
            return -value if isinstance(node.op, ast.USub) else value
        raise ValueError("not arithmetic")

    try:
        return ev(ast.parse(expr.strip(), mode="eval"))
    except (SyntaxError, TypeError, ZeroDivisionError) as exc:
        raise ValueError("not arithmetic") from exc


class _Resolver:
    def __init__(self, root: dict[str, Any], path: Path) -> None:
        self.root = root
        self.path = path
        self.active: list[str] = []

    def lookup(self, key: str, where: str) -> Any:
        parts = [p for p in re.split(r"[.\[\]]", key.strip()) if p]
        if not parts:
            raise VocoderFileError(self.path, f"empty !ref at {where}")
        if key in self.active:
            raise VocoderFileError(self.path, f"circular !ref <{key}> at {where}")
        node: Any = self.root
        for part in parts:
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                raise VocoderFileError(self.path, f"!ref <{key}> at {where} names no key of the file")
        self.active.append(key)
        try:
            return self.resolve(node, key)
        finally:
            self.active.pop()

    def resolve(self, node: Any, where: str) -> Any:
        if isinstance(node, _Ref):
            return self.ref(node, where)
        if isinstance(node, dict):
            return {k: self.resolve(v, f"{where}.{k}" if where else str(k)) for k, v in node.items()}
        if isinstance(node, list):
            return [self.resolve(v, f"{where}[{i}]") for i, v in enumerate(node)]
        if isinstance(node, tuple):
            return tuple(self.resolve(v, f"{where}[{i}]") for i, v in enumerate(node))
        return node

    def ref(self, ref: _Ref, where: str) -> Any:
        expr = ref.expr.strip()
        whole = _REF_KEY.fullmatch(expr)
        if whole:
            value = self.lookup(whole.group(1), where)
            # A plain reference shares the object in HyperPyYAML; as data a copy is equivalent.
            return copy.deepcopy(value) if ref.deep_copy or isinstance(value, (dict, list)) else value
        text = _REF_KEY.sub(lambda m: str(self.lookup(m.group(1), where)), expr)
        try:
            return _arith(text)
        except ValueError:
            return text


def load_cosyvoice_yaml(path: Path | str) -> dict[str, Any]:
    """The whole file as plain data with references resolved; nothing is imported or called."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise VocoderFileError(path, "file is missing") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise VocoderFileError(path, f"cannot be read ({exc})") from exc
    try:
        raw = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise VocoderFileError(path, f"is not valid YAML ({exc})") from exc
    if not isinstance(raw, dict):
        raise VocoderFileError(path, "is not a YAML mapping")
    return _Resolver(raw, path).resolve(raw, "")


# --------------------------------------------------------------------------------------------
# Typed views


def _short(name: str) -> str:
    return name.rsplit(".", 1)[-1]


def require_class(node: Any, key: str, allowed: frozenset[str], path: Path) -> dict[str, Any]:
    """The `!new:` node at `key`, checked to construct one of `allowed` (by class name)."""
    if not isinstance(node, dict) or CLASS_KEY not in node:
        raise VocoderFileError(path, f"key '{key}' must be a !new: object of {sorted(allowed)}")
    if _short(node[CLASS_KEY]) not in allowed:
        raise VocoderFileError(
            path, f"key '{key}' names {node[CLASS_KEY]}, which is not implemented here "
                  f"(expected {', '.join(sorted(allowed))})")
    return node


def _kwargs(node: dict[str, Any], key: str, path: Path, known: set[str]) -> dict[str, Any]:
    if ARGS_KEY in node:
        raise VocoderFileError(path, f"key '{key}' passes positional arguments; keyword arguments expected")
    out = {k: v for k, v in node.items() if k not in (CLASS_KEY, NAME_KEY)}
    unknown = sorted(set(out) - known)
    if unknown:
        raise VocoderFileError(path, f"key '{key}' has parameters this implementation does not know: "
                                     f"{unknown}")
    return out


def config_from_values(cls: type, values: dict[str, Any]) -> Any:
    """Build dataclass ``cls`` (frozen or not) from the keys it knows, coercing to the default's type.

    YAML 1.1 reads ``1e-06`` (no dot) as a string, and lists arrive where tuples are kept, so values
    are coerced rather than trusted. Unknown keys (dropout rates, training settings) and nested
    sections are left out; a value that does not coerce is a ValueError naming its key.
    """
    defaults = cls()
    kw: dict[str, Any] = {}
    for f in fields(cls):
        value = values.get(f.name)
        if f.name not in values or isinstance(value, dict):
            continue
        current = getattr(defaults, f.name)
        try:
            if isinstance(current, bool):
                value = bool(value)
            elif isinstance(current, int):
                value = int(value)
            elif isinstance(current, float):
                value = float(value)
            elif isinstance(current, tuple):
                value = tuple(int(v) for v in value)
            elif isinstance(current, str):
                value = str(value)
            elif f.name == "out_channels" and value is not None:
                value = int(value)
        except (TypeError, ValueError):
            raise ValueError(f"'{f.name}' is not a number: {str(value)[:40]!r}") from None
        kw[f.name] = value
    return cls(**kw)


@dataclass(frozen=True)
class F0PredictorConfig:
    num_class: int = 1
    in_channels: int = 80
    cond_channels: int = 512


@dataclass(frozen=True)
class HiftConfig:
    """HiFTGenerator hyperparameters; the defaults are those of CosyVoice-300M."""

    in_channels: int = 80
    base_channels: int = 512
    nb_harmonics: int = 8
    sampling_rate: int = 22050
    nsf_alpha: float = 0.1
    nsf_sigma: float = 0.003
    nsf_voiced_threshold: float = 10
    upsample_rates: tuple[int, ...] = (8, 8)
    upsample_kernel_sizes: tuple[int, ...] = (16, 16)
    istft_n_fft: int = 16
    istft_hop_len: int = 4
    resblock_kernel_sizes: tuple[int, ...] = (3, 7, 11)
    resblock_dilation_sizes: tuple[tuple[int, ...], ...] = ((1, 3, 5), (1, 3, 5), (1, 3, 5))
    source_resblock_kernel_sizes: tuple[int, ...] = (7, 11)
    source_resblock_dilation_sizes: tuple[tuple[int, ...], ...] = ((1, 3, 5), (1, 3, 5))
    lrelu_slope: float = 0.1
    audio_limit: float = 0.99
    f0_predictor: F0PredictorConfig = field(default_factory=F0PredictorConfig)
    # The harmonic source: CosyVoice 1's per-sample "sine", or "sine2" (phase accumulated at the frame
    # rate), which CosyVoice 2 uses away from 22.05 kHz and EditX's generator always uses. Not a yaml
    # key: it follows from the class path and the rate.
    source: str = "sine"

    @property
    def hop_length(self) -> int:
        """Output samples per mel frame."""
        n = self.istft_hop_len
        for r in self.upsample_rates:
            n *= r
        return n

    @classmethod
    def from_node(cls, node: Any, path: Path | str = "cosyvoice.yaml", key: str = "hift") -> HiftConfig:
        path = Path(path)
        node = require_class(node, key, HIFT_CLASSES, path)
        names = {f for f in cls.__dataclass_fields__
                 if not f.startswith("istft_") and f != "source"} | {"istft_params"}
        kw = _kwargs(node, key, path, names)
        f0_node = kw.pop("f0_predictor", None)
        if f0_node is None:
            raise VocoderFileError(path, f"key '{key}.f0_predictor' is missing")
        f0_node = require_class(f0_node, f"{key}.f0_predictor", F0_CLASSES, path)
        f0 = F0PredictorConfig(**_kwargs(f0_node, f"{key}.f0_predictor", path,
                                         set(F0PredictorConfig.__dataclass_fields__)))
        istft = kw.pop("istft_params", None) or {}
        if set(istft) - {"n_fft", "hop_len"}:
            raise VocoderFileError(path, f"key '{key}.istft_params' has unknown entries {sorted(istft)}")
        for name in ("upsample_rates", "upsample_kernel_sizes", "resblock_kernel_sizes",
                     "source_resblock_kernel_sizes"):
            if name in kw:
                kw[name] = tuple(int(v) for v in kw[name])
        for name in ("resblock_dilation_sizes", "source_resblock_dilation_sizes"):
            if name in kw:
                kw[name] = tuple(tuple(int(v) for v in d) for d in kw[name])
        try:
            second = "cosyvoice2" in str(node[CLASS_KEY]) or int(kw.get("sampling_rate", 22050)) != 22050
            cfg = cls(**kw, f0_predictor=f0, istft_n_fft=int(istft.get("n_fft", 16)),
                      istft_hop_len=int(istft.get("hop_len", 4)), source="sine2" if second else "sine")
        except (TypeError, ValueError) as exc:
            raise VocoderFileError(path, f"key '{key}' is malformed ({exc})") from exc
        if len(cfg.upsample_rates) != len(cfg.upsample_kernel_sizes):
            raise VocoderFileError(path, f"key '{key}': upsample rate and kernel lists differ in length")
        if len(cfg.resblock_kernel_sizes) != len(cfg.resblock_dilation_sizes):
            raise VocoderFileError(path, f"key '{key}': resblock kernel and dilation lists differ in length")
        if len(cfg.source_resblock_kernel_sizes) != len(cfg.upsample_rates):
            raise VocoderFileError(path, f"key '{key}': one source resblock per upsampling stage is expected")
        return cfg


@dataclass(frozen=True)
class MelConfig:
    """The matcha-style mel front end (`feat_extractor`); defaults are CosyVoice-300M's."""

    n_fft: int = 1024
    num_mels: int = 80
    sampling_rate: int = 22050
    hop_size: int = 256
    win_size: int = 1024
    fmin: float = 0.0
    fmax: float | None = 8000.0
    center: bool = False

    @classmethod
    def from_node(cls, node: Any, path: Path | str = "cosyvoice.yaml",
                  key: str = "feat_extractor") -> MelConfig:
        path = Path(path)
        if not isinstance(node, dict) or NAME_KEY not in node or _short(node[NAME_KEY]) not in FEAT_FUNCTIONS:
            got = node.get(NAME_KEY) or node.get(CLASS_KEY) if isinstance(node, dict) else type(node).__name__
            raise VocoderFileError(path, f"key '{key}' must be !name:...mel_spectrogram, found {got}")
        kw = _kwargs(node, key, path, set(cls.__dataclass_fields__))
        try:
            return cls(**kw)
        except TypeError as exc:
            raise VocoderFileError(path, f"key '{key}' is malformed ({exc})") from exc


@dataclass(frozen=True)
class CosyVoiceConfig:
    """The parts of one `cosyvoice.yaml` that token-to-wave decoding uses."""

    path: Path
    flow: dict[str, Any]
    hift: HiftConfig
    mel: MelConfig
    sample_rate: int


def check_flow_node(node: Any, path: Path, key: str = "flow") -> dict[str, Any]:
    """Check the flow subtree names the classes the FLOW package implements."""
    node = require_class(node, key, FLOW_CLASSES, path)
    for part, allowed in FLOW_PARTS.items():
        require_class(node.get(part), f"{key}.{part}", allowed, path)
    require_class(node["decoder"].get("estimator"), f"{key}.decoder.estimator", ESTIMATOR_CLASSES, path)
    return node


def read_cosyvoice_config(path: Path | str) -> CosyVoiceConfig:
    """Parse and validate `cosyvoice.yaml` (a file, or the folder holding it)."""
    path = Path(path)
    if path.is_dir():
        path = path / "cosyvoice.yaml"
    doc = load_cosyvoice_yaml(path)
    for key in ("flow", "hift", "feat_extractor"):
        if key not in doc:
            raise VocoderFileError(path, f"key '{key}' is missing")
    flow = check_flow_node(doc["flow"], path)
    hift = HiftConfig.from_node(doc["hift"], path)
    mel = MelConfig.from_node(doc["feat_extractor"], path)
    rate = int(doc.get("sample_rate", hift.sampling_rate))
    if mel.sampling_rate != rate or hift.sampling_rate != rate:
        raise VocoderFileError(path, f"sample rates disagree: sample_rate {rate}, hift {hift.sampling_rate}, "
                                     f"feat_extractor {mel.sampling_rate}")
    return CosyVoiceConfig(path=path, flow=flow, hift=hift, mel=mel, sample_rate=rate)
