"""Data for tests/support/live_catalog.py: the real models every generated catalog includes, and the
vocabulary (vendor families, id suffixes, description sentences) the rest are made from."""

from __future__ import annotations

from typing import Any

P = "pricing"  # keeps the table of named entries readable
NAMED: list[dict[str, Any]] = [
    {"model_id": "gpt-4o-mini-global", "desc": "gpt-4o-mini through the global route.",
     P: {"input": 0.15, "output": 0.6}},
    {"model_id": "gpt-4o-mini",
     "desc": "GPT-4o mini is a small, affordable multimodal model for fast, lightweight tasks.",
     P: {"cache_read": 0.075, "input": 0.15, "output": 0.6}, "types": "llm",
     "features": "tools,function_calling,structured_outputs", "input_modalities": "text,image",
     "max_output": 16384, "context_length": 128000},
    {"model_id": "gpt-5",
     "desc": "GPT-5 is OpenAI's flagship model for coding, reasoning, and agentic tasks.",
     P: {"cache_read": 0.125, "input": 1.25, "output": 10}, "types": "llm",
     "features": "thinking,tools,function_calling,structured_outputs",
     "input_modalities": "text,image", "max_output": 128000, "context_length": 400000,
     "model_name": "GPT-5", "developer_id": 1, "vendor": "OpenAI",
     "endpoints": "chat_completions,responses", "output_modalities": "text",
     "reasoning": True, "tool_call": True, "release_date": "2025-08-07",
     "last_updated": "2025-08-07", "open_weights": False, "retire_stage": "active"},
    {"model_id": "claude-sonnet-4-5",
     "desc": "Claude Sonnet 4.5 is Anthropic's best model for complex agents and coding.",
     P: {"cache_read": 0.3, "cache_write": 3.75, "input": 3, "output": 15}, "types": "llm",
     "features": "thinking,tools,function_calling", "input_modalities": "text,image",
     "max_output": 64000, "context_length": 200000, "endpoints": "chat_completions,claude_api"},
    {"model_id": "doubao-seed-1-6",
     "desc": "豆包 Seed 1.6 全新多模态深度思考模型，支持 auto/thinking/non-thinking 三种"
     "思考模式。\n（该模型由火山引擎提供）",  # noqa: RUF001
     P: {"input": 0.109589, "output": 1.095896}, "types": "llm",
     "features": "thinking，tools,function_calling,structured_outputs",
     "input_modalities": "text,image,video", "max_output": 32768, "context_length": 256000},
    {"model_id": "o4-mini", "desc": "o4-mini is a small, fast, cost-efficient reasoning model.",
     P: {"cache_read": 0.275, "input": 1.1, "output": 4.4}, "types": "llm",
     "features": "thinking,tool", "input_modalities": "text,image", "max_output": 100000,
     "context_length": 200000},
    {"model_id": "deepseek-v3", P: {"input": 0.272, "output": 1.088}},
    {"model_id": "DeepSeek-V3", "desc": "DeepSeek-V3 官方路由。",
     P: {"input": 0.272, "output": 1.088},
     "types": "llm", "features": "tools,function_calling", "input_modalities": "text",
     "max_output": 8192, "context_length": 65536},
    {"model_id": "DeepSeek-v3", "desc": "DeepSeek-V3（旧名称，保留兼容）",  # noqa: RUF001
     P: {"input": 0.272, "output": 1.088}},
    {"model_id": "glm-4.5",
     "desc": "智谱 GLM-4.5，面向智能体的基座模型。", P: {"input": 0.273974, "output": 1.095896}},
    {"model_id": "claude-3-opus@20240229", "desc": "Claude 3 Opus through the Vertex AI route.",
     P: {"input": 15, "output": 75}},
    {"model_id": "o3-deep-research", "desc": "o3-deep-research runs multi-step web research.",
     P: {"input": 10, "output": 40}},
    {"model_id": "Qwen/Qwen3-32B", P: {"input": 0.136987, "output": 0.547948}},
    {"model_id": "Qwen/QwQ-32B", "desc": "QwQ-32B is the reasoning model of the Qwen series.",
     P: {"input": 0.28, "output": 0.84}, "types": "llm", "features": "thinking",
     "input_modalities": "text", "max_output": 32768, "context_length": 131072},
    {"model_id": "Pro/THUDM/GLM-4.1V-9B-Thinking",
     "desc": "GLM-4.1V-9B-Thinking 视觉推理模型，输出 <think> 推理过程。",
     P: {"input": 0.046575, "output": 0.187}, "types": "llm", "features": "thinking",
     "input_modalities": "text,image", "context_length": 65536},
    {"model_id": "llama3-70b-8192(33)", P: {"input": 0.59, "output": 0.79}},
    {"model_id": "V_2",
     "desc": "Ideogram V_2 image generation. Price: US $0.08/ 1 IMG\nhttps://ideogram.ai/api",
     P: {"input": 2, "output": 2}, "types": "image_generation", "features": "",
     "input_modalities": "text", "output_modalities": "image", "max_output": 0},
    {"model_id": "DESCRIBE", "desc": "Ideogram DESCRIBE: a text description of an image.",
     P: {"input": 2, "output": 2}, "types": "image_generation"},
    {"model_id": "GPT-OSS-20B", P: {"input": 0.11, "output": 0.55}, "types": "llm",
     "features": "thinking,tools", "context_length": 0},
    {"model_id": "whisper-1", "desc": "Whisper general-purpose speech recognition.",
     P: {"input": 100, "output": 100}, "types": "stt", "input_modalities": "audio",
     "output_modalities": "text", "max_output": 0, "context_length": 0},
    {"model_id": "tts-1", "desc": "Text to speech, optimised for speed.",
     P: {"input": 15, "output": 15}, "types": "tts", "input_modalities": "text"},
    {"model_id": "sora-2", "desc": "Sora 2 generates short videos with synced audio.",
     P: {"input": 2, "output": 2}, "types": "video", "input_modalities": "text,image"},
    {"model_id": "flux-kontext-max",
     "desc": "FLUX.1 Kontext [max]: image generation and editing from text and images.",
     P: {"input": 2, "output": 2}},
    {"model_id": "gemini-2.5-pro",
     "desc": "Gemini 2.5 Pro is Google's state-of-the-art thinking model.",
     P: {"cache_read": 0.31, "input": 1.25, "output": 10}, "types": "llm",
     "features": "thinking,tools,function_calling,long_context",
     "input_modalities": "text,image,audio,video,pdf", "max_output": 65536,
     "context_length": 1048576, "endpoints": "chat_completions,gemini_api"},
    {"model_id": "auto",
     "desc": "Routes each request to a suitable model. Use auto:<strategy> to choose how:\n"
     "auto:cheap, auto:fast or auto:best (默认 auto:best).",
     P: {"input": 2, "output": 8}, "types": "llm", "features": "tools,function_calling",
     "input_modalities": "text,image"},
]  # fmt: skip

# Routes for choosing a model (issue 22): free routes of paid models linked by `variant_of`,
# models that name tool calling only as `function_calling`, a thinking+tools route whose
# context the catalog does not state, and deepseek-v3.2 at its live price. They stand in for
# generated entries (see live_catalog._with_choosing), so NAMED and the rest stay as they were.
CHOOSING: list[dict[str, Any]] = [
    {"model_id": "deepseek-v3.2", "desc": "DeepSeek-V3.2 official route.",
     P: {"cache_read": 0.0302, "input": 0.302, "output": 0.453}, "types": "llm",
     "features": "thinking,tools,function_calling", "input_modalities": "text",
     "max_output": 65536, "context_length": 128000},
    {"model_id": "gpt-5-free", "desc": "gpt-5 限时免费路由（限额，随时可能下线）。",  # noqa: RUF001
     P: {"input": 0, "output": 0}, "types": "llm",
     "features": "thinking,tools,function_calling", "input_modalities": "text,image",
     "max_output": 128000, "context_length": 400000, "variant_of": "gpt-5"},
    {"model_id": "gemini-3-flash-preview-free", P: {"input": 0, "output": 0}, "types": "llm",
     "features": "thinking,tools,function_calling", "input_modalities": "text,image",
     "context_length": 1048576, "variant_of": "gemini-3-flash-preview"},
    {"model_id": "gpt-5.1-codex", "desc": "GPT-5.1-Codex for agentic coding.",
     P: {"cache_read": 0.125, "input": 1.25, "output": 10}, "types": "llm",
     "features": "thinking,function_calling", "input_modalities": "text,image",
     "max_output": 128000, "context_length": 400000},
    {"model_id": "grok-4", P: {"cache_read": 0.75, "input": 3, "output": 15}, "types": "llm",
     "features": "thinking,function_calling", "input_modalities": "text,image",
     "context_length": 256000},
    {"model_id": "kimi-k2.6", P: {"input": 0.6, "output": 2.5}, "types": "llm",
     "features": "function_calling", "input_modalities": "text"},
    {"model_id": "coding-glm-5.2", P: {"input": 0.6, "output": 2.2}, "types": "llm",
     "features": "thinking,tools,function_calling", "input_modalities": "text",
     "context_length": 0, "variant_of": "glm-5.2"},
]  # fmt: skip

# -- names -------------------------------------------------------------------------------------

LLM_BASES: dict[str, tuple[int, tuple[str, ...]]] = {
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
SUFFIXES = ("", "", "-latest", "-preview", "-exp", "-0324", "-0528", "-2507", "-thinking",
             "-instruct", "-turbo", "-fast", "-chat", "-high", "-search", "-nothink")  # fmt: skip
HOSTED: dict[str, tuple[str, ...]] = {
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
MEDIA_BASES: dict[str, tuple[str, ...]] = {
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
MEDIA_PRICES = {"image_generation": (2, 1, 40, 0.3), "video": (2, 0.1, 1), "tts": (15, 30),
                 "stt": (100, 2.5), "embedding": (0.02, 0.13, 0.1), "rerank": (0.02, 0.05),
                 "search": (1, 3, 5), "ocr": (1, 0.5)}  # fmt: skip

# -- descriptions ------------------------------------------------------------------------------

FEATURES = ("thinking", "tools", "function_calling", "web", "deepsearch", "long_context",
             "structured_outputs")  # fmt: skip
# Vendor blurbs run to several sentences; these make descriptions as long as the live ones.
EN = (
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
ZH = (
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


MEDIA = (
    "{name} turns a text prompt, optionally with reference images, into {output}.",
    "Billed per request, not per token: US $0.04 / 1 IMG at the standard size.",
    "Output resolution and duration depend on the parameters; see the vendor guide at "
    "https://docs.aihubmix.com/en/api/IdeogramAI for the accepted values.",
    "Requests are queued upstream and may take from a few seconds to several minutes.",
    "（按次计费，价格以官方为准）",  # noqa: RUF001
    "支持中英文提示词，生成结果可直接通过 URL 下载，链接 24 小时内有效。",
)
