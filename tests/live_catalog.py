"""A catalog shaped like the live AIHubMix one, at any size.

`live_catalog(count, seed)` returns raw `/api/v1/models` entries (comma strings for the list
fields, integers for limits, a `pricing` object) in the proportions of a mid-2026 snapshot of
the live service (804 entries), described in docs/live-service.md: two in five untyped, a
quarter bare, most limits unknown, odd currency-converted prices, ids with slashes, `@`,
parentheses and case-only twins, multi-line Chinese descriptions. A fixed set of real models
(`NAMED`) is always included exactly. `describe(entries)` measures the shares that
`PROPORTIONS` states, so tests can check any size against the live snapshot.
"""

from __future__ import annotations

import copy
import random
from collections import Counter
from typing import Any

__all__ = ["NAMED", "PROPORTIONS", "REFERENCE_SIZE", "describe", "live_catalog"]

REFERENCE_SIZE = 804

# Shares in the live snapshot (counts out of 804 where the snapshot gives them).
PROPORTIONS: dict[str, float] = {
    "untyped": 322 / 804,
    "bare": 201 / 804,
    "context_unknown": 2 / 3,
    "max_output_missing": 0.55,
    "max_output_zero": 0.25,
    "zero_priced": 31 / 804,
    "slash_ids": 70 / 804,
    "cache_read_equals_input": 80 / 804,
    "multiline_desc": 70 / 804,
    "type:llm": 350 / 804,
    "type:image_generation": 55 / 804,
    "type:video": 31 / 804,
    "type:embedding": 30 / 804,
    "type:rerank": 11 / 804,
    "type:search": 9 / 804,
    "type:ocr": 7 / 804,
    "type:tts": 7 / 804,
    "type:stt": 4 / 804,
}

# Entries per 804 by kind: a `types` string, or an untyped kind.
_PLAN: dict[str, int] = {
    "llm": 329,
    "t2t": 3,
    "image_generation,llm": 4,
    "llm,search": 6,
    "llm,ocr": 3,
    "image_generation": 50,
    "t2i": 1,
    "video": 31,
    "embedding": 27,
    "embedding,rerank": 3,
    "rerank": 8,
    "search": 3,
    "ocr": 4,
    "tts": 7,
    "stt": 4,
    "<bare>": 201,
    "<untyped>": 115,
    "<untyped-media>": 5,
}
_TOKEN_KINDS = ("llm", "t2t", "llm,search", "llm,ocr", "<bare>", "<untyped>")
_MEDIA_KINDS = ("image_generation", "t2i", "video", "tts", "stt", "<untyped-media>")
_OLD_NAMES = {"t2t": "llm", "t2i": "image_generation", "t2v": "video", "reranking": "rerank"}
_OUTPUTS = {"image_generation": "images", "t2i": "images", "<untyped-media>": "images",
            "video": "short videos", "tts": "speech", "stt": "a transcript"}  # fmt: skip
_CNY = 0.136987  # prices converted from yuan carry this rate's odd decimals

_P = "pricing"
NAMED: list[dict[str, Any]] = [
    {"model_id": "gpt-4o-mini-global", "desc": "gpt-4o-mini through the global route.",
     _P: {"input": 0.15, "output": 0.6}},
    {"model_id": "gpt-4o-mini",
     "desc": "GPT-4o mini is a small, affordable multimodal model for fast, lightweight tasks.",
     _P: {"cache_read": 0.075, "input": 0.15, "output": 0.6}, "types": "llm",
     "features": "tools,function_calling,structured_outputs", "input_modalities": "text,image",
     "max_output": 16384, "context_length": 128000},
    {"model_id": "gpt-5",
     "desc": "GPT-5 is OpenAI's flagship model for coding, reasoning, and agentic tasks.",
     _P: {"cache_read": 0.125, "input": 1.25, "output": 10}, "types": "llm",
     "features": "thinking,tools,function_calling,structured_outputs",
     "input_modalities": "text,image", "max_output": 128000, "context_length": 400000,
     "model_name": "GPT-5", "developer_id": 1, "vendor": "OpenAI",
     "endpoints": "chat_completions,responses", "output_modalities": "text",
     "reasoning": True, "tool_call": True, "release_date": "2025-08-07",
     "last_updated": "2025-08-07", "open_weights": False, "retire_stage": "active"},
    {"model_id": "claude-sonnet-4-5",
     "desc": "Claude Sonnet 4.5 is Anthropic's best model for complex agents and coding.",
     _P: {"cache_read": 0.3, "cache_write": 3.75, "input": 3, "output": 15}, "types": "llm",
     "features": "thinking,tools,function_calling", "input_modalities": "text,image",
     "max_output": 64000, "context_length": 200000, "endpoints": "chat_completions,claude_api"},
    {"model_id": "doubao-seed-1-6",
     "desc": "豆包 Seed 1.6 全新多模态深度思考模型，支持 auto/thinking/non-thinking 三种"
     "思考模式。\n（该模型由火山引擎提供）",  # noqa: RUF001
     _P: {"input": 0.109589, "output": 1.095896}, "types": "llm",
     "features": "thinking，tools,function_calling,structured_outputs",
     "input_modalities": "text,image,video", "max_output": 32768, "context_length": 256000},
    {"model_id": "o4-mini", "desc": "o4-mini is a small, fast, cost-efficient reasoning model.",
     _P: {"cache_read": 0.275, "input": 1.1, "output": 4.4}, "types": "llm",
     "features": "thinking,tool", "input_modalities": "text,image", "max_output": 100000,
     "context_length": 200000},
    {"model_id": "deepseek-v3", _P: {"input": 0.272, "output": 1.088}},
    {"model_id": "DeepSeek-V3", "desc": "DeepSeek-V3 官方路由。",
     _P: {"input": 0.272, "output": 1.088},
     "types": "llm", "features": "tools,function_calling", "input_modalities": "text",
     "max_output": 8192, "context_length": 65536},
    {"model_id": "DeepSeek-v3", "desc": "DeepSeek-V3（旧名称，保留兼容）",  # noqa: RUF001
     _P: {"input": 0.272, "output": 1.088}},
    {"model_id": "glm-4.5",
     "desc": "智谱 GLM-4.5，面向智能体的基座模型。", _P: {"input": 0.273974, "output": 1.095896}},
    {"model_id": "claude-3-opus@20240229", "desc": "Claude 3 Opus through the Vertex AI route.",
     _P: {"input": 15, "output": 75}},
    {"model_id": "o3-deep-research", "desc": "o3-deep-research runs multi-step web research.",
     _P: {"input": 10, "output": 40}},
    {"model_id": "Qwen/Qwen3-32B", _P: {"input": 0.136987, "output": 0.547948}},
    {"model_id": "Qwen/QwQ-32B", "desc": "QwQ-32B is the reasoning model of the Qwen series.",
     _P: {"input": 0.28, "output": 0.84}, "types": "llm", "features": "thinking",
     "input_modalities": "text", "max_output": 32768, "context_length": 131072},
    {"model_id": "Pro/THUDM/GLM-4.1V-9B-Thinking",
     "desc": "GLM-4.1V-9B-Thinking 视觉推理模型，输出 <think> 推理过程。",
     _P: {"input": 0.046575, "output": 0.187}, "types": "llm", "features": "thinking",
     "input_modalities": "text,image", "context_length": 65536},
    {"model_id": "llama3-70b-8192(33)", _P: {"input": 0.59, "output": 0.79}},
    {"model_id": "V_2",
     "desc": "Ideogram V_2 image generation. Price: US $0.08/ 1 IMG\nhttps://ideogram.ai/api",
     _P: {"input": 2, "output": 2}, "types": "image_generation", "features": "",
     "input_modalities": "text", "output_modalities": "image", "max_output": 0},
    {"model_id": "DESCRIBE", "desc": "Ideogram DESCRIBE: a text description of an image.",
     _P: {"input": 2, "output": 2}, "types": "image_generation"},
    {"model_id": "GPT-OSS-20B", _P: {"input": 0.11, "output": 0.55}, "types": "llm",
     "features": "thinking,tools", "context_length": 0},
    {"model_id": "whisper-1", "desc": "Whisper general-purpose speech recognition.",
     _P: {"input": 100, "output": 100}, "types": "stt", "input_modalities": "audio",
     "output_modalities": "text", "max_output": 0, "context_length": 0},
    {"model_id": "tts-1", "desc": "Text to speech, optimised for speed.",
     _P: {"input": 15, "output": 15}, "types": "tts", "input_modalities": "text"},
    {"model_id": "sora-2", "desc": "Sora 2 generates short videos with synced audio.",
     _P: {"input": 2, "output": 2}, "types": "video", "input_modalities": "text,image"},
    {"model_id": "flux-kontext-max",
     "desc": "FLUX.1 Kontext [max]: image generation and editing from text and images.",
     _P: {"input": 2, "output": 2}},
    {"model_id": "gemini-2.5-pro",
     "desc": "Gemini 2.5 Pro is Google's state-of-the-art thinking model.",
     _P: {"cache_read": 0.31, "input": 1.25, "output": 10}, "types": "llm",
     "features": "thinking,tools,function_calling,long_context",
     "input_modalities": "text,image,audio,video,pdf", "max_output": 65536,
     "context_length": 1048576, "endpoints": "chat_completions,gemini_api"},
    {"model_id": "auto",
     "desc": "Routes each request to a suitable model. Use auto:<strategy> to choose how:\n"
     "auto:cheap, auto:fast or auto:best (默认 auto:best).",
     _P: {"input": 2, "output": 8}, "types": "llm", "features": "tools,function_calling",
     "input_modalities": "text,image"},
]  # fmt: skip

# -- names -------------------------------------------------------------------------------------

_LLM_BASES: dict[str, tuple[int, tuple[str, ...]]] = {
    "OpenAI": (1, ("gpt-4o", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "gpt-5-mini", "gpt-5.1",
                   "gpt-5-nano", "gpt-4-turbo", "o1", "o3", "o3-mini", "o1-pro", "gpt-oss-120b")),
    "Anthropic": (2, ("claude-3-5-haiku", "claude-3-7-sonnet", "claude-sonnet-4", "claude-opus-4",
                      "claude-opus-4-1", "claude-haiku-4-5", "claude-3-5-sonnet")),
    "Google": (3, ("gemini-2.0-flash", "gemini-2.5-flash", "gemini-2.5-flash-lite", "gemini-3-pro",
                   "gemini-2.0-flash-lite", "gemma-3-27b-it", "gemini-1.5-pro")),
    "DeepSeek": (4, ("deepseek-r1", "deepseek-v3.1", "deepseek-v3.2", "deepseek-chat",
                     "deepseek-reasoner", "deepseek-r1-distill-qwen-32b")),
    "Alibaba": (5, ("qwen-max", "qwen-plus", "qwen-turbo", "qwen3-235b-a22b", "qwen3-30b-a3b",
                    "qwen2.5-72b-instruct", "qwen3-coder-plus", "qwen-long", "qwen3-max")),
    "Zhipu": (6, ("glm-4-plus", "glm-4-air", "glm-4-flash", "glm-4.5-air", "glm-4.6",
                  "glm-z1-air")),
    "Moonshot": (7, ("kimi-k2", "kimi-k2-turbo", "moonshot-v1-8k", "moonshot-v1-32k",
                     "moonshot-v1-128k", "kimi-latest")),
    "ByteDance": (9, ("doubao-1-5-pro-32k", "doubao-1-5-lite-32k", "doubao-1-5-pro-256k",
                      "doubao-seed-1-6-flash", "doubao-1-5-thinking-pro")),
    "Mistral": (11, ("mistral-large", "mistral-medium", "mistral-small", "codestral",
                     "magistral-medium", "ministral-8b", "pixtral-large")),
    "Meta": (8, ("llama-3.3-70b-instruct", "llama-3.1-8b-instruct", "llama-3.1-405b-instruct",
                 "llama-4-scout", "llama-4-maverick")),
    "xAI": (12, ("grok-3", "grok-3-mini", "grok-4", "grok-4-fast", "grok-code-fast-1")),
    "MiniMax": (15, ("MiniMax-M1", "MiniMax-M2", "abab6.5s-chat", "MiniMax-Text-01")),
    "Baidu": (33, ("ernie-4.5-turbo-128k", "ernie-x1-turbo-32k", "ernie-4.0-8k")),
    "Tencent": (37, ("hunyuan-t1", "hunyuan-turbos", "hunyuan-large")),
}  # fmt: skip
_SUFFIXES = ("", "", "-latest", "-preview", "-exp", "-0324", "-0528", "-2507", "-thinking",
             "-instruct", "-turbo", "-fast", "-chat", "-high", "-search", "-nothink")  # fmt: skip
_HOSTED: dict[str, tuple[str, ...]] = {
    "Qwen": ("Qwen2.5-72B-Instruct", "Qwen2.5-7B-Instruct", "Qwen3-8B", "Qwen3-14B",
             "Qwen3-235B-A22B-Instruct-2507", "Qwen2.5-Coder-32B-Instruct",
             "Qwen2.5-VL-72B-Instruct"),
    "deepseek-ai": ("DeepSeek-R1", "DeepSeek-V3.1", "DeepSeek-R1-Distill-Qwen-14B",
                    "DeepSeek-V2.5"),
    "THUDM": ("GLM-4-9B-0414", "GLM-Z1-9B-0414", "GLM-4-32B-0414"),
    "meta-llama": ("Llama-3.3-70B-Instruct", "Llama-4-Scout-17B-16E-Instruct"),
    "moonshotai": ("Kimi-K2-Instruct", "Kimi-Dev-72B"),
    "zai-org": ("GLM-4.5", "GLM-4.5-Air", "GLM-4.6"),
    "baidu": ("ERNIE-4.5-300B-A47B", "ERNIE-4.5-21B-A3B"),
}  # fmt: skip
_MEDIA_BASES: dict[str, tuple[str, ...]] = {
    "image_generation": ("dall-e-3", "gpt-image-1", "imagen-4.0-generate", "flux-1.1-pro",
                         "flux-kontext-pro", "V_1", "V_2_TURBO", "V_3", "UPSCALE",
                         "doubao-seedream-4-0", "qwen-image", "cogview-4",
                         "stable-diffusion-3-5-large",
                         "ideogram-v3", "recraft-v3", "gemini-2.5-flash-image"),
    "video": ("sora-2-pro", "veo-3.0-generate", "veo-3.1-fast", "kling-v2-master",
              "wan2.2-t2v-plus",
              "doubao-seedance-1-0-pro", "hailuo-02", "vidu-q1", "runway-gen4-turbo"),
    "embedding": ("text-embedding-3-small", "text-embedding-3-large", "text-embedding-ada-002",
                  "gemini-embedding-001", "jina-embeddings-v3", "doubao-embedding", "embed-v4.0"),
    "rerank": ("jina-reranker-v2-base-multilingual", "rerank-v3.5", "jina-reranker-m0",
               "bge-reranker-v2-m3", "gte-rerank"),
    "search": ("sonar", "sonar-pro", "sonar-reasoning", "gpt-4o-search-preview",
               "jina-deepsearch-v1"),
    "ocr": ("mistral-ocr-latest", "qwen-vl-ocr", "deepseek-ocr", "PaddleOCR-VL", "doc-ocr"),
    "tts": ("tts-1-hd", "gpt-4o-mini-tts", "gemini-2.5-flash-preview-tts", "cosyvoice-v2",
            "speech-02-hd"),
    "stt": ("whisper-large-v3", "gpt-4o-transcribe", "gpt-4o-mini-transcribe", "sensevoice-v1"),
}  # fmt: skip
_MEDIA_PRICES = {"image_generation": (2, 1, 40, 0.3), "video": (2, 0.1, 1), "tts": (15, 30),
                 "stt": (100, 2.5), "embedding": (0.02, 0.13, 0.1), "rerank": (0.02, 0.05),
                 "search": (1, 3, 5), "ocr": (1, 0.5)}  # fmt: skip

# -- descriptions ------------------------------------------------------------------------------

_FEATURES = ("thinking", "tools", "function_calling", "web", "deepsearch", "long_context",
             "structured_outputs")  # fmt: skip
# Vendor blurbs run to several sentences; these make descriptions as long as the live ones.
_EN = (
    "{name} improves instruction following on multi-step prompts and keeps to the requested "
    "format more reliably than the previous release.",
    "{name} is tuned for agentic tool use and structured outputs, with fewer malformed calls "
    "when several tools are offered at once.",
    "It handles long documents, meeting transcripts and repository-scale context without "
    "losing track of details introduced early in the conversation.",
    "Strong multilingual performance across more than 100 languages and dialects, including "
    "low-resource ones.",
    "Balances cost and quality for high-volume batch jobs such as classification, extraction "
    "and summarisation.",
    "Supports streaming, JSON mode and parallel function calls through the OpenAI-compatible "
    "chat completions endpoint.",
    "Reasoning is returned inside <think>...</think> before the answer; strip it before "
    "showing the reply to end users.",
    "Snapshots behind this alias are updated regularly without notice; pin a dated id for "
    "reproducible results.",
    "Trained with additional math, science and code data, it scores markedly higher on "
    "competition benchmarks.",
    "Knowledge cut-off is early 2025; pair it with web search for recent events.",
    "Docs: https://docs.aihubmix.com/en/api/Aihubmix-Integration",
    "Rate limits follow the upstream provider; see https://aihubmix.com/models for details.",
)
_ZH = (
    "{name} 在推理、代码和数学任务上表现出色，综合能力较上一代显著提升。",
    "支持 128K 上下文，适合长文档处理、知识库问答与多轮对话等场景。",
    "思考模式下会先输出 <think> 推理过程，再给出最终回答，可通过参数关闭。",
    "价格与官方保持一致；高峰期可能排队，请合理设置超时与重试。",  # noqa: RUF001
    "（该模型由火山引擎提供，价格以官方为准）",  # noqa: RUF001
    "（官方限时免费，随时可能下线，请勿用于生产环境）",  # noqa: RUF001
    "适用于智能体、工具调用和结构化输出等场景：可稳定返回 JSON 格式结果。",
    "使用说明：https://docs.aihubmix.com/cn/api/Aihubmix-Integration",
    "模型针对中文写作、翻译与摘要任务进行了专门优化，输出更加自然流畅。",
    "该路由为官方直连，稳定性高，适合对延迟敏感的在线业务。",
)


_MEDIA = (
    "{name} turns a text prompt, optionally with reference images, into {output}.",
    "Billed per request, not per token: US $0.04 / 1 IMG at the standard size.",
    "Output resolution and duration depend on the parameters; see the vendor guide at "
    "https://docs.aihubmix.com/en/api/IdeogramAI for the accepted values.",
    "Requests are queued upstream and may take from a few seconds to several minutes.",
    "（按次计费，价格以官方为准）",  # noqa: RUF001
    "支持中英文提示词，生成结果可直接通过 URL 下载，链接 24 小时内有效。",
)


def _desc(rng: random.Random, name: str, multiline: bool, output: str | None) -> str:
    pool = _MEDIA if output else _ZH if rng.random() < 0.35 else _EN
    count = rng.randint(2, len(pool)) if output else rng.randint(3, 9)
    parts = [p.format(name=name, output=output) for p in rng.sample(pool, count)]
    if multiline:
        return "\n".join(parts) if rng.random() < 0.5 else "\n\n".join(parts)
    return ("" if pool is _ZH else " ").join(parts)


# -- the generator -----------------------------------------------------------------------------


def _quotas(plan: dict[str, int], count: int) -> dict[str, int]:
    """Scale per-804 counts to `count`, summing exactly (largest remainder)."""
    exact = {kind: n * count / REFERENCE_SIZE for kind, n in plan.items()}
    result = {kind: int(value) for kind, value in exact.items()}
    by_remainder = sorted(plan, key=lambda k: exact[k] - result[k], reverse=True)
    for kind in by_remainder[: count - sum(result.values())]:
        result[kind] += 1
    return result


def _kind(entry: dict[str, Any]) -> str:
    if "types" in entry:
        return str(entry["types"])
    if set(entry) == {"model_id", "pricing"}:
        return "<bare>"
    return "<untyped-media>" if entry["model_id"] == "flux-kontext-max" else "<untyped>"


def _number(value: float) -> int | float:
    # The live JSON mixes 10 and 0.6: whole prices arrive as integers.
    return int(value) if float(value).is_integer() else round(value, 6)


def _token_pricing(rng: random.Random, vendor: str, cache_equal: bool) -> dict[str, Any]:
    if vendor in ("DeepSeek", "Alibaba", "Zhipu", "Moonshot", "ByteDance", "Baidu", "Tencent"):
        price_in = rng.choice((0.3, 0.8, 1, 2, 4, 8, 12)) * _CNY
        price_out = price_in * rng.choice((2, 3, 4, 8))
    else:
        price_in = rng.choice((0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.8, 1, 1.25, 2, 2.5, 3, 5, 15))
        price_out = price_in * rng.choice((1, 2, 4, 4, 5, 8))
    if rng.random() < 0.03:
        price_in, price_out = rng.choice(((3.9995, 15.998), (0.46475, 1.859)))
    pricing: dict[str, Any] = {}
    roll = rng.random()
    if cache_equal or roll < 0.35:
        pricing["cache_read"] = _number(price_in if cache_equal else price_in / 10)
        if vendor == "Anthropic" or roll < 0.06:
            pricing["cache_write"] = _number(price_in * 1.25)
    pricing["input"] = _number(price_in)
    pricing["output"] = _number(price_out)
    return pricing


def _unique(rng: random.Random, taken: set[str], candidate: str) -> str:
    model_id = candidate
    while model_id in taken:
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        model_id = f"{candidate}-{rng.choice((2024, 2025, 2026))}{month:02d}{day:02d}"
    taken.add(model_id)
    return model_id


def _case_twin(rng: random.Random, model_id: str) -> str:
    parts = model_id.split("-")
    styles = (
        "-".join(p[:1].upper() + p[1:] for p in parts),
        "-".join(parts[:1] + [p.upper() for p in parts[1:]]),
        model_id.upper(),
    )
    for twin in rng.sample(styles, len(styles)):
        if twin != model_id:
            return twin
    return model_id.swapcase()


def _entry(rng: random.Random, kind: str, flags: set[str], taken: set[str]) -> dict[str, Any]:
    media = kind in _MEDIA_KINDS or kind in ("embedding", "embedding,rerank", "rerank", "search",
                                             "ocr", "image_generation,llm")  # fmt: skip
    if media:
        family = kind.split(",", maxsplit=1)[0].replace("<untyped-media>", "image_generation")
        family = _OLD_NAMES.get(family, family)
        vendor = "media"
        name = rng.choice(_MEDIA_BASES[family]) + rng.choice(_SUFFIXES[:8])
        if "hosted" in flags:
            name = f"BAAI/{rng.choice(('bge-m3', 'bge-large-zh-v1.5', 'bge-reranker-v2-m3'))}"
            name += rng.choice(("", "-pro", "-v2"))
        price = rng.choice(_MEDIA_PRICES[family])
        pricing: dict[str, Any] = {"input": _number(price), "output": _number(price)}
    else:
        vendor = rng.choice(list(_LLM_BASES))
        if "fullwidth" in flags:
            vendor, name = "ByteDance", "doubao-seed-1-6" + rng.choice(_SUFFIXES[2:])
        elif "hosted" in flags:
            org = rng.choice(list(_HOSTED))
            name = f"{org}/{rng.choice(_HOSTED[org])}"
            if rng.random() < 0.2:
                name = "Pro/" + name
        else:
            name = rng.choice(_LLM_BASES[vendor][1]) + rng.choice(_SUFFIXES)
        if "free" in flags:
            name += rng.choice(("-free", "-free", ":free"))
        pricing = _token_pricing(rng, vendor, "cache_equal" in flags)
        if "free" in flags:
            pricing = {"input": 0, "output": 0}
    model_id = _unique(rng, taken, name)
    entry: dict[str, Any] = {"model_id": model_id}
    if kind == "<bare>":
        entry["pricing"] = pricing
        return entry

    multiline = "multiline" in flags
    output = _OUTPUTS.get(kind.split(",", maxsplit=1)[0])
    empty = not multiline and rng.random() < 0.05
    entry["desc"] = "" if empty else _desc(rng, model_id, multiline, output)
    entry["pricing"] = pricing
    if not kind.startswith("<"):
        entry["types"] = kind
    features = [f for f in _FEATURES if rng.random() < 0.35]
    if media:
        features = []
    elif "fullwidth" in flags:
        features = ["thinking，tools", "function_calling", "structured_outputs"]
    elif "tools" in features and rng.random() < 0.04:
        features[features.index("tools")] = "tool"
    if features or rng.random() < 0.6:
        joined = (", " if rng.random() < 0.03 else ",").join(features)
        entry["features"] = None if not joined and rng.random() < 0.3 else joined
    modalities = {"stt": "audio", "tts": "text"}.get(kind, "text")
    if kind in ("image_generation", "video", "image_generation,llm") or rng.random() < 0.3:
        modalities = "text,image" if rng.random() < 0.8 else "text,image,audio,video"
    if kind == "<untyped>" and rng.random() < 0.5:
        modalities = ""
    entry["input_modalities"] = modalities

    context = rng.choice((8192, 32768, 65536, 128000, 131072, 200000, 262144, 1048576))
    known = "no_context" not in flags
    roll = rng.random()
    if roll < (0.45 if known else 0.1):
        entry["max_output"] = min(rng.choice((4096, 8192, 16384, 32768, 65536)), context)
        if known and rng.random() < 0.12:  # the live catalog has max_output >= context_length
            entry["max_output"] = context * rng.choice((1, 2))
    elif roll < (0.75 if known else 0.55):
        entry["max_output"] = 0
    if known:
        entry["context_length"] = context
    elif rng.random() < 0.4:
        entry["context_length"] = 0
    if rng.random() < 0.3:
        _extras(rng, entry, vendor, name, kind, "free" in flags)
    return entry


def _extras(
    rng: random.Random, entry: dict[str, Any], vendor: str, name: str, kind: str, free: bool
) -> None:
    entry["model_name"] = name.rsplit("/", maxsplit=1)[-1].replace("-", " ").title()
    if vendor in _LLM_BASES:
        entry["developer_id"] = _LLM_BASES[vendor][0]
        entry["vendor"] = vendor
    entry["endpoints"] = rng.choice(("chat_completions", "chat_completions,responses",
                                     "chat_completions,claude_api", "gemini_api"))  # fmt: skip
    entry["output_modalities"] = {"video": "video", "tts": "audio"}.get(
        kind, "image" if "image" in kind or "media" in kind else "text"
    )
    month = rng.randint(1, 12)
    entry["release_date"] = f"2025-{month:02d}-{rng.randint(1, 28):02d}"
    entry["last_updated"] = None if rng.random() < 0.3 else f"2026-{month:02d}-01"
    entry["retire_stage"] = "deprecated" if rng.random() < 0.1 else "active"
    features = entry.get("features") or ""
    if "thinking" in features:
        entry["reasoning"] = True
    if "tool" in features:
        entry["tool_call"] = True
    entry["open_weights"] = "/" in name
    if free:
        entry["variant_of"] = entry["model_id"].removesuffix("-free").removesuffix(":free")


def _pick(rng: random.Random, slots: list[tuple[str, set[str]]], kinds: tuple[str, ...],
          flag: str, wanted: int, avoid: tuple[str, ...] = ()) -> None:  # fmt: skip
    eligible = [s for s in slots if s[0] in kinds and not any(a in s[1] for a in avoid)]
    for _, flags in rng.sample(eligible, max(0, min(wanted, len(eligible)))):
        flags.add(flag)


def live_catalog(count: int = 804, seed: int = 2026) -> list[dict[str, Any]]:
    """`count` raw catalog entries in the live snapshot's proportions, `NAMED` included.

    Deterministic for a given (count, seed). Below len(NAMED) the named entries are cut.
    """
    if count < 0:
        raise ValueError("count must be >= 0")
    named = copy.deepcopy(NAMED)
    if count <= len(named):
        return named[:count]
    rng = random.Random(seed)
    quotas = _quotas(_PLAN, count)
    for entry in named:
        quotas[_kind(entry)] -= 1
    while any(n < 0 for n in quotas.values()):  # small catalogs: the named set overflows
        short = next(k for k, n in quotas.items() if n < 0)
        quotas[short] += 1
        quotas[max(quotas, key=lambda k: quotas[k])] -= 1
    slots = [(kind, set[str]()) for kind, n in quotas.items() for _ in range(n)]
    rng.shuffle(slots)

    def share(key: str, already: int) -> int:
        return round(PROPORTIONS[key] * count) - already

    token = _TOKEN_KINDS
    _pick(rng, slots, token, "free", share("zero_priced", 0))
    _pick(rng, slots, ("<untyped>", "llm", "t2t"), "fullwidth", round(3 * count / 804), ("free",))
    _pick(rng, slots, (*token, "embedding", "rerank"), "hosted", share("slash_ids", 3),
          ("free", "fullwidth"))  # fmt: skip
    _pick(rng, slots, token, "cache_equal", share("cache_read_equals_input", 0), ("free",))
    nonbare = tuple(k for k in _PLAN if k != "<bare>")
    _pick(rng, slots, nonbare, "multiline", share("multiline_desc", 3))
    unknown = share("context_unknown", 0) - sum(1 for e in named if not e.get("context_length"))
    media = [s for s in slots if s[0] in _MEDIA_KINDS or s[0] == "<bare>"]
    for _, flags in media:
        flags.add("no_context")
    _pick(rng, slots, nonbare, "no_context", unknown - len(media), ("no_context",))
    _pick(rng, slots, ("llm", "<untyped>"), "twin", round(3 * count / 804), ("hosted",))

    taken = {e["model_id"] for e in named}
    entries = [_entry(rng, kind, flags, taken) for kind, flags in slots]
    # A twin is another entry's id in other letter case, as the live catalog carries them.
    sources = [
        e["model_id"]
        for (kind, flags), e in zip(slots, entries, strict=True)
        if "twin" not in flags and kind in ("llm", "<untyped>") and "/" not in e["model_id"]
    ]
    for (_, flags), entry in zip(slots, entries, strict=True):
        twin = _case_twin(rng, rng.choice(sources)) if "twin" in flags and sources else ""
        if twin and twin not in taken:
            taken.discard(entry["model_id"])
            taken.add(twin)
            if entry.get("desc"):
                entry["desc"] = entry["desc"].replace(entry["model_id"], twin)
            entry["model_id"] = twin
    result = named + entries
    rng.shuffle(result)
    return result


def _types(entry: dict[str, Any]) -> list[str]:
    raw = entry.get("types")
    parts = [p.strip() for p in raw.split(",")] if isinstance(raw, str) else []
    return [_OLD_NAMES.get(p, p) for p in parts if p]


def describe(entries: list[dict[str, Any]]) -> dict[str, float]:
    """The shares of `PROPORTIONS` measured on `entries`, plus a few quirk counts."""
    total = max(len(entries), 1)
    ids = [str(e.get("model_id")) for e in entries]
    counts: Counter[str] = Counter()
    for entry in entries:
        pricing = entry.get("pricing") or {}
        counts["untyped"] += not entry.get("types")
        counts["bare"] += set(entry) == {"model_id", "pricing"}
        counts["context_unknown"] += not entry.get("context_length")
        counts["max_output_missing"] += "max_output" not in entry
        counts["max_output_zero"] += entry.get("max_output") == 0
        counts["zero_priced"] += pricing.get("input") == 0 and pricing.get("output") == 0
        counts["slash_ids"] += "/" in str(entry.get("model_id"))
        cache_read = pricing.get("cache_read")
        counts["cache_read_equals_input"] += cache_read is not None and cache_read == pricing.get(
            "input"
        )
        counts["multiline_desc"] += "\n" in str(entry.get("desc") or "")
        counts["fullwidth_features"] += "，" in str(entry.get("features") or "")
        for name in set(_types(entry)):
            counts[f"type:{name}"] += 1
    folded = Counter(model_id.lower() for model_id in ids)
    shares = {key: counts[key] / total for key in PROPORTIONS}
    shares["fullwidth_features"] = counts["fullwidth_features"] / total
    shares["case_twin_groups"] = sum(1 for n in folded.values() if n > 1) / total
    shares["unique_ids"] = len(set(ids)) / total
    return shares
