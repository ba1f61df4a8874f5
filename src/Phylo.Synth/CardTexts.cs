namespace Phylo.Synth;

/// <summary>The long fixed templates the Hub and common tools write (after real cards in data/hf-families).</summary>
internal static class CardTexts
{
    /// <summary>The Trainer's card; the results table and framework versions are appended by the composer.</summary>
    public const string Trainer =
        "<!-- This model card has been generated automatically according to the information the Trainer had access to. You\n" +
        "should probably proofread and complete it, then remove this comment. -->\n\n" +
        "# {name}\n\n" +
        "This model is a fine-tuned version of [{parent}](https://huggingface.co/{parent}) on the {dataset} dataset.\n" +
        "It achieves the following results on the evaluation set:\n- Loss: 0.{n}\n- Accuracy: 0.8{n}\n\n" +
        "## Model description\n\nMore information needed\n\n" +
        "## Intended uses & limitations\n\nMore information needed\n\n" +
        "## Training and evaluation data\n\nMore information needed\n\n" +
        "## Training procedure\n\n### Training hyperparameters\n\nThe following hyperparameters were used during training:\n" +
        "- learning_rate: 2e-05\n- train_batch_size: 16\n- eval_batch_size: 16\n- seed: 42\n" +
        "- optimizer: Use adamw_torch with betas=(0.9,0.999) and epsilon=1e-08 and optimizer_args=No additional optimizer arguments\n" +
        "- lr_scheduler_type: linear\n- num_epochs: 3\n\n### Training results\n\n";

    /// <summary>The Hub's default model card template (huggingface_hub modelcard_template.md), as most uploads leave it.</summary>
    public const string HubDefault =
        "# Model Card for Model ID\n\n<!-- Provide a quick summary of what the model is/does. -->\n\n\n\n" +
        "## Model Details\n\n### Model Description\n\n<!-- Provide a longer summary of what this model is. -->\n\n" +
        "This is the model card of a 🤗 transformers model that has been pushed on the Hub. This model card has been automatically generated.\n\n" +
        "- **Developed by:** [More Information Needed]\n- **Funded by [optional]:** [More Information Needed]\n" +
        "- **Shared by [optional]:** [More Information Needed]\n- **Model type:** [More Information Needed]\n" +
        "- **Language(s) (NLP):** [More Information Needed]\n- **License:** [More Information Needed]\n" +
        "- **Finetuned from model [optional]:** {parent}\n\n" +
        "### Model Sources [optional]\n\n<!-- Provide the basic links for the model. -->\n\n" +
        "- **Repository:** [More Information Needed]\n- **Paper [optional]:** [More Information Needed]\n- **Demo [optional]:** [More Information Needed]\n\n" +
        "## Uses\n\n<!-- Address questions around how the model is intended to be used, including the foreseeable users of the model and those affected by the model. -->\n\n" +
        "### Direct Use\n\n<!-- This section is for the model use without fine-tuning or plugging into a larger ecosystem/app. -->\n\n[More Information Needed]\n\n" +
        "### Downstream Use [optional]\n\n<!-- This section is for the model use when fine-tuned for a task, or when plugged into a larger ecosystem/app -->\n\n[More Information Needed]\n\n" +
        "### Out-of-Scope Use\n\n<!-- This section addresses misuse, malicious use, and uses that the model will not work well for. -->\n\n[More Information Needed]\n\n" +
        "## Bias, Risks, and Limitations\n\n<!-- This section is meant to convey both technical and sociotechnical limitations. -->\n\n[More Information Needed]\n\n" +
        "### Recommendations\n\n<!-- This section is meant to convey recommendations with respect to the bias, risk, and technical limitations. -->\n\n" +
        "Users (both direct and downstream) should be made aware of the risks, biases and limitations of the model. More information needed for further recommendations.\n\n" +
        "## How to Get Started with the Model\n\nUse the code below to get started with the model.\n\n[More Information Needed]\n\n" +
        "## Training Details\n\n### Training Data\n\n<!-- This should link to a Dataset Card, perhaps with a short stub of information on what the training data is all about as well as documentation related to data pre-processing or additional filtering. -->\n\n[More Information Needed]\n\n" +
        "### Training Procedure\n\n<!-- This relates heavily to the Technical Specifications. Content here should link to that section when it is relevant to the training procedure. -->\n\n" +
        "#### Preprocessing [optional]\n\n[More Information Needed]\n\n\n#### Training Hyperparameters\n\n- **Training regime:** [More Information Needed] <!--fp32, fp16 mixed precision, bf16 mixed precision, bf16 non-mixed precision, fp16 non-mixed precision, fp8 mixed precision -->\n\n" +
        "#### Speeds, Sizes, Times [optional]\n\n<!-- This section provides information about throughput, start/end time, checkpoint size if relevant, etc. -->\n\n[More Information Needed]\n\n" +
        "## Evaluation\n\n<!-- This section describes the evaluation protocols and provides the results. -->\n\n### Testing Data, Factors & Metrics\n\n#### Testing Data\n\n<!-- This should link to a Dataset Card if possible. -->\n\n[More Information Needed]\n\n" +
        "#### Factors\n\n<!-- These are the things the evaluation is disaggregating by, e.g., subpopulations or domains. -->\n\n[More Information Needed]\n\n" +
        "#### Metrics\n\n<!-- These are the evaluation metrics being used, ideally with an explanation of why. -->\n\n[More Information Needed]\n\n### Results\n\n[More Information Needed]\n\n#### Summary\n\n\n\n" +
        "## Model Examination [optional]\n\n<!-- Relevant interpretability work for the model goes here -->\n\n[More Information Needed]\n\n" +
        "## Environmental Impact\n\n<!-- Total emissions (in grams of CO2eq) and additional considerations, such as electricity usage, go here. Edit the suggested text below accordingly -->\n\n" +
        "Carbon emissions can be estimated using the [Machine Learning Impact calculator](https://mlco2.github.io/impact#compute) presented in [Lacoste et al. (2019)](https://arxiv.org/abs/1910.09700).\n\n" +
        "- **Hardware Type:** [More Information Needed]\n- **Hours used:** [More Information Needed]\n- **Cloud Provider:** [More Information Needed]\n- **Compute Region:** [More Information Needed]\n- **Carbon Emitted:** [More Information Needed]\n\n" +
        "## Technical Specifications [optional]\n\n### Model Architecture and Objective\n\n[More Information Needed]\n\n### Compute Infrastructure\n\n[More Information Needed]\n\n#### Hardware\n\n[More Information Needed]\n\n#### Software\n\n[More Information Needed]\n\n" +
        "## Citation [optional]\n\n<!-- If there is a paper or blog post introducing the model, the APA and Bibtex information for that should go in this section. -->\n\n**BibTeX:**\n\n[More Information Needed]\n\n**APA:**\n\n[More Information Needed]\n\n" +
        "## Glossary [optional]\n\n<!-- If relevant, include terms and calculations in this section that can help readers understand the model or paper. -->\n\n[More Information Needed]\n\n" +
        "## More Information [optional]\n\n[More Information Needed]\n\n## Model Card Authors [optional]\n\n[More Information Needed]\n\n## Model Card Contact\n\n[More Information Needed]\n";

    /// <summary>Three house styles of quantization cards; the file table is appended by the composer.</summary>
    public static readonly string[] Quantization =
    [
        "# {id}\nThis model was converted to GGUF format from [`{parent}`](https://huggingface.co/{parent}) using llama.cpp via the ggml.ai's [GGUF-my-repo](https://huggingface.co/spaces/ggml-org/gguf-my-repo) space.\n" +
        "Refer to the [original model card](https://huggingface.co/{parent}) for more details on the model.\n\n" +
        "## Use with llama.cpp\nInstall llama.cpp through brew (works on Mac and Linux)\n\n```bash\nbrew install llama.cpp\n\n```\nInvoke the llama.cpp server or the CLI.\n\n" +
        "### CLI:\n```bash\nllama-cli --hf-repo {id} --hf-file {name}.gguf -p \"The meaning to life and the universe is\"\n```\n\n" +
        "### Server:\n```bash\nllama-server --hf-repo {id} --hf-file {name}.gguf -c 2048\n```\n\n" +
        "Note: You can also use this checkpoint directly through the [usage steps](https://github.com/ggerganov/llama.cpp?tab=readme-ov-file#usage) listed in the Llama.cpp repo as well.\n\n## Files\n",
        "## About\n\n<!-- ### quantize_version: 2 -->\n<!-- ### output_tensor_quantised: 1 -->\n<!-- ### convert_type: hf -->\n<!-- ### vocab_type:  -->\n<!-- ### tags:  -->\n" +
        "static quants of https://huggingface.co/{parent}\n\n<!-- provided-files -->\nweighted/imatrix quants are available at https://huggingface.co/{author}/{name}-i1-GGUF\n" +
        "## Usage\n\nIf you are unsure how to use GGUF files, refer to one of the community READMEs for more details, including on how to concatenate multi-part files.\n\n" +
        "## Provided Quants\n\n(sorted by size, not necessarily quality. IQ-quants are often preferable over similar sized non-IQ quants)\n" + QuantFaq,
        "<!-- header start -->\n# {name}\n- Model creator: [{author}](https://huggingface.co/{author})\n- Original model: [{parent}](https://huggingface.co/{parent})\n\n" +
        "<!-- description start -->\n## Description\n\nThis repo contains GGUF format model files for [{parent}](https://huggingface.co/{parent}).\n\n" +
        "These files were quantised using hardware kindly provided by the community.\n<!-- description end -->\n\n" +
        "<!-- README_GGUF.md-about-gguf start -->\n### About GGUF\n\nGGUF is a format introduced by the llama.cpp team. It is a replacement for GGML, which is no longer supported by llama.cpp.\n<!-- README_GGUF.md-about-gguf end -->\n\n" +
        "## Provided files\n",
    ];

    /// <summary>The FAQ and thanks a prolific quantizer puts under every card.</summary>
    private const string QuantFaq =
        "\nHere is a handy graph comparing some lower-quality quant types (lower is better); quality rises with size, and the K-quants are usually the best trade-off.\n\n" +
        "## FAQ / Model Request\n\nSee the community FAQ for questions you might have and/or if you want some other model quantized.\n" +
        "Multi-part files have to be concatenated before use; most inference engines do this automatically when you pass the first part.\n" +
        "If a quant type you need is missing, open a discussion in this repository and it will usually be added within a few days.\n\n" +
        "## Thanks\n\nI thank my company for letting me use its servers and providing upgrades to my workstation to enable this work in my free time. " +
        "Additional thanks to the llama.cpp contributors for the tooling, and to everyone who reported broken quants.\n\n";

    /// <summary>Three house styles of adapter cards.</summary>
    public static readonly string[] Lora =
    [
        "# {name}\n\n<Gallery />\n\n## Model description\n\nA LoRA for [{parent}](https://huggingface.co/{parent}) trained with ai-toolkit.\n\n" +
        "## Trigger words\n\nYou should use `TOK` to trigger the image generation.\n\n" +
        "## Download model\n\nWeights for this model are available in Safetensors format.\n\n[Download](/{id}/tree/main) them in the Files & versions tab.\n\n" +
        "## Use it with the [🧨 diffusers library](https://github.com/huggingface/diffusers)\n\n```py\nfrom diffusers import AutoPipelineForText2Image\nimport torch\n\n" +
        "pipeline = AutoPipelineForText2Image.from_pretrained('{parent}', torch_dtype=torch.bfloat16).to('cuda')\npipeline.load_lora_weights('{id}', weight_name='lora.safetensors')\n" +
        "image = pipeline('TOK, a portrait in soft light').images[0]\n```\n\nFor more details, including weighting, merging and fusing LoRAs, check the [documentation on loading LoRAs in diffusers](https://huggingface.co/docs/diffusers/main/en/using-diffusers/loading_adapters)\n",
        "# {name}\n\n<Gallery />\n\n## Trigger words\n\nYou should use `sks style` to trigger the image generation.\n\n" +
        "## Training\n\nTrained with a rank of 16 for 2000 steps at a learning rate of 1e-4 on a small set of captioned images.\n\n" +
        "## License\n\nPlease adhere to the licensing terms as described [here](https://huggingface.co/{parent}).\n" + LoraTraining,
        "# {name}\n\nThis repository contains a LoRA adapter for [{parent}](https://huggingface.co/{parent}) trained with PEFT on {dataset}.\n\n" +
        "## How to use\n\n```python\nfrom peft import PeftModel\nfrom transformers import AutoModelForCausalLM\n\nbase = AutoModelForCausalLM.from_pretrained(\"{parent}\")\nmodel = PeftModel.from_pretrained(base, \"{id}\")\n```\n\n" +
        "## Training\n\nLoRA rank 16, alpha 32, dropout 0.05, target modules q_proj and v_proj; 3 epochs with a learning rate of 2e-4.\n",
    ];

    private const string LoraTraining =
        "\n## Training details\n\n- **Steps:** 2000\n- **Learning rate:** 0.0004\n- **LoRA rank:** 16\n- **Resolution:** 512, 768, 1024\n- **Optimizer:** adamw8bit\n- **Caption dropout:** 0.05\n\n" +
        "The training images were captioned automatically and reviewed by hand; the trigger word was prepended to every caption.\n" +
        "Sample prompts used during training are listed below; images were generated every 250 steps to pick the final checkpoint.\n\n" +
        "## Sample prompts\n\n1. TOK, a woman reading in a sunlit cafe, film grain\n2. TOK, a city street at night in the rain, neon reflections\n" +
        "3. TOK, a mountain landscape at dawn, volumetric light\n4. TOK, close-up portrait, shallow depth of field\n\n" +
        "## Limitations\n\nThe LoRA works best at a weight between 0.7 and 1.0. Higher weights may overcook colors; combining it with other style LoRAs can reduce likeness.\n";

    /// <summary>What PEFT appends to the default card of a QLoRA adapter.</summary>
    public const string BitsAndBytes =
        "## Training procedure\n\n\nThe following `bitsandbytes` quantization config was used during training:\n" +
        "- quant_method: bitsandbytes\n- load_in_8bit: False\n- load_in_4bit: True\n- llm_int8_threshold: 6.0\n- llm_int8_skip_modules: None\n" +
        "- llm_int8_enable_fp32_cpu_offload: False\n- llm_int8_has_fp16_weight: False\n- bnb_4bit_quant_type: nf4\n" +
        "- bnb_4bit_use_double_quant: True\n- bnb_4bit_compute_dtype: bfloat16\n\n";

    public const string MergeKit =
        "# {name}\n\nThis is a merge of pre-trained language models created using [mergekit](https://github.com/cg123/mergekit).\n\n" +
        "## Merge Details\n### Merge Method\n\nThis model was merged using the TIES merge method using [{parent}](https://huggingface.co/{parent}) as a base.\n\n" +
        "### Models Merged\n\nThe following models were included in the merge:\n";
}
