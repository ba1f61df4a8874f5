namespace Phylo.Synth;

/// <summary>
/// Words and sentences cards are made of, written after real Hub cards (data/hf-families). Sentences carry
/// slots in braces that <see cref="Template"/> fills: {name} {id} {parent} {task} {dataset} {lang} {lib} {author} {arch}.
/// </summary>
internal static class Lexicon
{
    public static readonly string[] Consonants = ["b", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z"];
    public static readonly string[] Vowels = ["a", "e", "i", "o", "u"];
    public static readonly string[] HandleSuffixes = ["", "", "", "", "-ai", "_lab", "-dev", "42", "7", "2023", "99", "-ml", "_research", "01"];

    /// <summary>Stems of model names by <see cref="DomainKind"/>.</summary>
    public static readonly string[][] Stems =
    [
        /* Llm */ ["Llamo-2-7b", "Mistrel-7B", "Qwerty2-1.5B", "Phiz-3-mini", "TinyLlamo-1.1B", "Falcor-7b", "OLMa-1B", "SmolLLM-360M", "gpt2-medium", "opt-350m", "pythia-410m", "Llamo-3-8B"],
        /* Encoder */ ["bert-base-uncased", "roberta-base", "deberta-v3-small", "distilbert-base-cased", "electra-small", "albert-base-v2", "xlm-r-base", "bert-base-multilingual-cased"],
        /* Seq2Seq */ ["t5-small", "bart-large", "flan-t5-base", "pegasus-large", "marian-en-de", "mt5-base"],
        /* Diffusion */ ["sdxl", "flux-style", "sd15", "anime-diffusion", "dreambooth", "realistic-vision", "pixel-art", "watercolor"],
        /* Rl */ ["ppo-LunarLander-v2", "dqn-SpaceInvadersNoFrameskip-v4", "a2c-PandaReachDense-v3", "ppo-Huggy", "poca-SoccerTwos", "ppo-SnowballTarget", "q-FrozenLake-v1-4x4", "Reinforce-CartPole-v1"],
        /* Speech */ ["whisper-small", "wav2vec2-base", "hubert-large", "speecht5-tts", "whisper-tiny", "wav2vec2-xls-r-300m"],
        /* Vision */ ["vit-base-patch16-224", "convnext-tiny", "swin-tiny", "resnet-50", "detr-resnet-50", "beit-base", "yolos-small"],
        /* Sentence */ ["all-MiniLM-L6-v2", "bge-small-en", "e5-base", "mpnet-base", "gte-small"],
        /* Tabular */ ["tabular-classifier", "wine-quality", "titanic-survival", "credit-scoring"],
    ];

    public static readonly string[] Purposes =
        ["finetuned", "sft", "instruct", "chat", "v1", "v2", "imdb", "squad", "ner", "sentiment", "emotion", "custom", "test", "demo", "exp", "final"];

    public static readonly string[][] SuffixesByRelation =
    [
        /* untyped   */ ["-v2", "-custom", "-{dataset}", "-updated", "-fork"],
        /* finetune  */ ["-finetuned-{dataset}", "-sft", "-dpo", "-{dataset}", "-instruct", "-ft", "-finetuned", "-orpo", "-chat"],
        /* quantized */ ["-GGUF", "-Q4_K_M-GGUF", "-AWQ", "-GPTQ", "-4bit", "-8bit", "-mlx-4bit", "-i1-GGUF", "-bnb-4bit", "-Q8_0-GGUF"],
        /* adapter   */ ["-lora", "-LoRA", "-adapter", "-qlora-{dataset}", "-peft", "-lora-{dataset}"],
        /* merge     */ ["-merge", "-slerp", "-ties", "-dare-ties", "-MoE", "-della"],
    ];

    public static readonly string[][] Datasets =
    [
        /* Llm */ ["HuggingFaceH4/ultrachat_200k", "tatsu-lab/alpaca", "Open-Orca/SlimOrca", "openai/gsm8k", "teknium/OpenHermes-2.5", "HuggingFaceH4/ultrafeedback_binarized", "databricks/databricks-dolly-15k", "timdettmers/openassistant-guanaco"],
        /* Encoder */ ["imdb", "glue", "squad", "conll2003", "emotion", "ag_news", "tweet_eval", "yelp_review_full"],
        /* Seq2Seq */ ["samsum", "cnn_dailymail", "xsum", "wmt16", "opus_books", "billsum"],
        /* Diffusion */ ["lambdalabs/pokemon-blip-captions", "diffusers/dog-example", "laion/laion-art", "poloclub/diffusiondb"],
        /* Rl */ [],
        /* Speech */ ["mozilla-foundation/common_voice_11_0", "google/fleurs", "PolyAI/minds14", "openslr/librispeech_asr", "speechcolab/gigaspeech"],
        /* Vision */ ["imagefolder", "cifar10", "food101", "beans", "timm/mini-imagenet", "detection-datasets/coco"],
        /* Sentence */ ["sentence-transformers/all-nli", "sentence-transformers/stsb", "ms_marco", "sentence-transformers/natural-questions"],
        /* Tabular */ ["scikit-learn/iris", "mstz/adult", "inria-soda/tabular-benchmark"],
    ];

    public static readonly string[][] DomainTags =
    [
        /* Llm */ ["safetensors", "llama", "conversational", "text-generation-inference", "trl", "sft", "unsloth", "chat", "mistral", "qwen2"],
        /* Encoder */ ["safetensors", "bert", "roberta", "pytorch", "generated_from_trainer", "tensorboard"],
        /* Seq2Seq */ ["t5", "bart", "pytorch", "safetensors", "generated_from_trainer"],
        /* Diffusion */ ["stable-diffusion", "stable-diffusion-diffusers", "lora", "template:sd-lora", "art", "style"],
        /* Rl */ ["LunarLander-v2", "deep-reinforcement-learning", "custom-implementation", "deep-rl-course", "Huggy", "SoccerTwos"],
        /* Speech */ ["whisper-event", "audio", "hf-asr-leaderboard", "generated_from_trainer", "wav2vec2"],
        /* Vision */ ["vision", "image-classification", "timm", "generated_from_trainer", "pytorch"],
        /* Sentence */ ["sentence-transformers", "feature-extraction", "generated_from_trainer", "dataset_size:10K<n<100K", "loss:MultipleNegativesRankingLoss"],
        /* Tabular */ ["tabular", "keras", "sklearn", "structured-data-classification"],
    ];

    /// <summary>Architecture named in cards, by <see cref="DomainKind"/>.</summary>
    public static readonly string[] Archs = ["LlamaForCausalLM", "BertForSequenceClassification", "T5ForConditionalGeneration",
        "UNet2DConditionModel", "PPO policy (stable-baselines3)", "WhisperForConditionalGeneration", "ViTForImageClassification", "MPNetModel", "keras Sequential"];

    public static readonly string[] Intros =
    [
        "{name} is a {task} model developed by {author}. It is designed to be small enough to run on a single consumer GPU while keeping strong quality on common benchmarks.",
        "This repository contains the weights of {name}, a {arch} checkpoint trained for {task}. The model was released to support research on efficient and open models.",
        "We introduce {name}, a model for {task} trained on a mixture of public and curated data including {dataset}. It improves over previous releases on reasoning, coding and multilingual tasks.",
        "{name} is part of a family of open models for {task}. The release includes base and instruction-tuned variants, tokenizer files and example code.",
        "{name} is a pretrained {arch} model. It was trained with a causal or masked objective depending on the variant and can be fine-tuned for downstream {task} tasks.",
        "The {name} model card describes the capabilities, intended use, training data and known limitations of the model. Please read it before using the model in production.",
        "{name} was trained by {author} on {dataset}. It reaches competitive results for its size and is released under a permissive license for research and commercial use.",
        "This is the official release of {name}. The model supports {lang} and was evaluated on standard {task} benchmarks.",
    ];

    public static readonly string[] Uses =
    [
        "The model is intended for research on {task} and for building applications after appropriate evaluation.",
        "You can use the raw model for {task} or fine-tune it on a downstream task. See the model hub for fine-tuned versions on a task that interests you.",
        "Direct use includes prototyping, education and benchmarking. Downstream use includes fine-tuning on domain-specific data such as {dataset}.",
        "The model should not be used to generate content that is harmful, deceptive or that violates the license terms.",
        "Out-of-scope use includes high-stakes decision making, medical or legal advice and any use that violates applicable laws.",
        "The model was not trained to be factual or to give true representations of people or events, so using it to generate such content is out of scope.",
        "Users should be aware of the risks, biases and limitations of the model and evaluate it carefully for their use case.",
        "Inference works on CPU for small batch sizes, but a GPU with at least 16 GB of memory is recommended for larger inputs.",
    ];

    public static readonly string[] TrainingData =
    [
        "The model was trained on {dataset}, a publicly available dataset, after deduplication and filtering of low-quality samples.",
        "Training data consists of roughly {n} billion tokens drawn from web text, books, code and curated instruction data.",
        "We filtered the training corpus for personal information and toxic content using a combination of heuristics and classifiers.",
        "The training set was split into train, validation and test splits with a ratio of 90/5/5; only the train split was used for optimization.",
        "Samples were tokenized with the original tokenizer and packed into sequences of 4096 tokens.",
        "The data mixture was tuned on a small proxy model before the full training run.",
    ];

    public static readonly string[] Procedure =
    [
        "Training was performed on {n} NVIDIA A100 GPUs using mixed precision and fully sharded data parallelism.",
        "We used the AdamW optimizer with a cosine learning rate schedule, a warmup of 2% of the steps and weight decay of 0.1.",
        "The learning rate was tuned on a held-out validation set; the final run used a peak learning rate of 3e-4.",
        "Gradient clipping at 1.0 and a global batch size of {n} sequences were used throughout training.",
        "Checkpoints were saved every 1000 steps and the best checkpoint was selected by validation loss.",
        "The instruction-tuned variant was further aligned with direct preference optimization on human preference pairs.",
    ];

    public static readonly string[] Limitations =
    [
        "Like all language models, {name} can produce inaccurate, biased or otherwise objectionable outputs.",
        "The model may reflect biases present in its training data, including social, cultural and gender biases.",
        "Performance outside {lang} has not been evaluated and is likely to be lower.",
        "The model can hallucinate facts and should not be relied upon as a source of truth.",
        "Before deploying the model, developers should perform safety testing and tuning tailored to their specific application.",
        "Outputs may contain copyrighted or personal information that was present in the training data.",
        "The model has a limited context window and may lose track of information in very long inputs.",
    ];

    public static readonly string[] Environment =
    [
        "Carbon emissions can be estimated using the Machine Learning Impact calculator presented in Lacoste et al. (2019).",
        "Training consumed an estimated {n} GPU hours on hardware located in a region with a low-carbon energy mix.",
        "Hardware type: NVIDIA H100. Cloud provider: private cluster. Compute region: us-east.",
    ];

    public static readonly string[] Notes =
    [
        "We thank the open-source community for the tools and datasets that made this work possible.",
        "For questions and feedback, please open a discussion in the community tab of this repository.",
        "Quantized versions of this model are available from the community; quality may vary with the quantization method.",
        "The chat template is included in the tokenizer configuration and is applied automatically by the pipeline.",
        "Evaluation was run with the LM Evaluation Harness using the default few-shot settings.",
        "Future releases will extend the context length and add support for more languages.",
        "This model is provided as is, without warranties of any kind. Use it at your own risk.",
        "If you use this model in your work, please cite the technical report listed below.",
    ];

    public static readonly string[] FreshSentences =
    [
        "My first model trained on {dataset}.",
        "Fine-tuned {parent} for a class project.",
        "Work in progress, do not use yet.",
        "A small experiment with {task} based on {parent}.",
        "Trained for 3 epochs on a single GPU. Results are in the metrics tab.",
        "Uploaded with the push_to_hub API.",
        "Checkpoint from the course exercise.",
        "This model is a test upload.",
    ];

    public static readonly string[] FineTuneIntros =
    [
        "This model is a fine-tuned version of [{parent}](https://huggingface.co/{parent}) on the {dataset} dataset.",
        "{name} is based on {parent} and was further trained by {author} on {dataset} to improve {task}.",
        "We fine-tuned {parent} with supervised learning on {dataset}. The goal was better {task} in {lang}.",
    ];

    public static readonly string[] EditIntros =
    [
        "> This is a fine-tuned copy of [{parent}](https://huggingface.co/{parent}) trained on {dataset}. The original model card follows.\n\n",
        "**Note:** weights updated by {author}; everything below is from the original [{parent}](https://huggingface.co/{parent}) card.\n\n",
        "",
    ];

    public static readonly string[] CodeLlm =
    [
        "from transformers import AutoModelForCausalLM, AutoTokenizer\n\nmodel_id = \"{id}\"\ntokenizer = AutoTokenizer.from_pretrained(model_id)\nmodel = AutoModelForCausalLM.from_pretrained(model_id, torch_dtype=\"auto\", device_map=\"auto\")\n\nmessages = [{\"role\": \"user\", \"content\": \"Give me a short introduction to large language models.\"}]\ninputs = tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_tensors=\"pt\").to(model.device)\noutputs = model.generate(inputs, max_new_tokens=256)\nprint(tokenizer.decode(outputs[0][inputs.shape[-1]:], skip_special_tokens=True))",
    ];

    public static readonly string[] CodeByKind =
    [
        CodeLlm[0],
        "from transformers import pipeline\n\nclassifier = pipeline(\"{task}\", model=\"{id}\")\nprint(classifier(\"I love this movie, it was fantastic!\"))",
        "from transformers import pipeline\n\nsummarizer = pipeline(\"{task}\", model=\"{id}\")\nprint(summarizer(\"The tower is 324 metres tall, about the same height as an 81-storey building.\"))",
        "import torch\nfrom diffusers import DiffusionPipeline\n\npipe = DiffusionPipeline.from_pretrained(\"{id}\", torch_dtype=torch.bfloat16)\npipe.to(\"cuda\")\nimage = pipe(\"a photo of an astronaut riding a horse on mars\", num_inference_steps=28).images[0]\nimage.save(\"astronaut.png\")",
        "from huggingface_sb3 import load_from_hub\nfrom stable_baselines3 import PPO\n\ncheckpoint = load_from_hub(repo_id=\"{id}\", filename=\"ppo-LunarLander-v2.zip\")\nmodel = PPO.load(checkpoint)",
        "from transformers import pipeline\n\nasr = pipeline(\"automatic-speech-recognition\", model=\"{id}\")\nprint(asr(\"sample.flac\")[\"text\"])",
        "from transformers import pipeline\n\nclassifier = pipeline(\"image-classification\", model=\"{id}\")\nprint(classifier(\"https://huggingface.co/datasets/huggingface/documentation-images/resolve/main/cats.png\"))",
        "from sentence_transformers import SentenceTransformer\n\nmodel = SentenceTransformer(\"{id}\")\nsentences = [\"The weather is lovely today.\", \"It's so sunny outside!\", \"He drove to the stadium.\"]\nembeddings = model.encode(sentences)\nprint(model.similarity(embeddings, embeddings))",
        "import keras\n\nmodel = keras.saving.load_model(\"hf://{id}\")\nprint(model.summary())",
    ];

    public static readonly string[] Metrics = ["accuracy", "f1", "loss", "wer", "rouge1", "bleu", "mean_reward", "exact_match"];

    public static readonly string[] QuantTypes = ["Q2_K", "Q3_K_S", "Q3_K_M", "Q3_K_L", "IQ4_XS", "Q4_K_S", "Q4_K_M", "Q5_K_S", "Q5_K_M", "Q6_K", "Q8_0", "f16"];

    public static readonly string[] MergeMethods = ["SLERP", "TIES", "DARE TIES", "linear", "task arithmetic", "Model Stock"];

    public static readonly string[] Prompts =
    [
        "a portrait of a woman with freckles, soft window light, 85mm photo",
        "a cozy cabin in a snowy forest at dusk, warm light in the windows",
        "a cyberpunk street market at night, rain, neon signs, reflections",
        "an astronaut sitting on a bench in a park, reading a newspaper",
        "a bowl of ramen on a wooden table, steam rising, top-down view",
        "a fox in a field of wildflowers, golden hour, shallow depth of field",
        "a lighthouse on a cliff during a storm, dramatic clouds, waves crashing",
        "an old man playing chess in a sunlit plaza, candid street photography",
        "a futuristic city skyline seen from a balcony, morning haze",
        "a vintage car parked in front of a diner, 1960s, kodachrome",
    ];

    public static readonly string[] TriggerWords = ["TOK", "ohwx", "sks style", "in the style of ghibli", "pixel art", "watercolor painting", "neon noir", "3d render"];
}
