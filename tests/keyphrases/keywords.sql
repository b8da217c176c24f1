-- Tests of keywords() (ext/keyphrases/keywords.c).

-- test: three sample abstracts (read: each list names what the paper is about)
SELECT position, keywords(abstract, 6) FROM digests('tests/data/digests/004_facf3843ccacead3.txt') WHERE position IN (2, 7, 8);
--> 2|["pruned network","object detection network","dynamic sparse training method","three-stage model compression method","PASCAL VOC","model compression methods"]
--> 7|["Denoising Diffusion Probabilistic Models","Denoising Diffusion Implicit Models","1000-step DDIMs","accelerated DDPMs","PNDMs","pseudo numerical methods"]
--> 8|["Generalized Linear Models","differential privacy","population risk","population stationarity","stationary points","finite-sum setting"]

-- test: the default is ten phrases
SELECT json_array_length(keywords(abstract)) FROM digests('tests/data/digests/004_facf3843ccacead3.txt') WHERE position = 2;
--> 10

-- test: surface form of the first occurrence, one phrase per stem sequence
SELECT keywords('Diffusion models. diffusion model. DIFFUSION MODELS.', 1);
--> ["Diffusion models"]

-- test: candidates never start or end with a stop word, and punctuation splits them
SELECT keywords('the analysis of the graph, and the network of the graph', 5);
--> ["graph","analysis","network"]

-- test: candidates are one to four words: a run of nine content words gives four-word windows
SELECT keywords('Dynamic sparse mixture expert routing transformer layer compression method improves throughput. Dynamic sparse mixture expert routing transformer layer compression method.', 3);
--> ["transformer layer compression method","throughput","sparse mixture expert routing"]

-- test: hyphenated words stay one unit
SELECT keywords('Fine-grained text-to-image models. Older text-to-image models.', 2);
--> ["Fine-grained text-to-image models","Older text-to-image models"]

-- test: a hyphen with blanks around it, or a double one, is a dash and splits phrases; a bare one joins
SELECT keywords('Sparse attention kernels in one step - outperforming dense kernels -- fast decoding.', 10);
--> ["Sparse attention kernels","dense kernels","fast decoding","step"]
SELECT keywords('Sparse attention kernels in one step-outperforming dense kernels.', 10);
--> ["Sparse attention kernels","dense kernels","step-outperforming"]

-- test: an en dash between words joins them as a hyphen does (Navier–Stokes); spaced, or an em dash, it splits
SELECT keywords('Solvers for the Navier–Stokes equations and fluid–structure interaction, 10–12 steps.', 10);
--> ["Navier–Stokes equations","fluid–structure interaction","Solvers","steps"]
SELECT keywords('Solvers for the Navier – Stokes equations and fluid—structure interaction.', 10);
--> ["Stokes equations","structure interaction","Navier","Solvers","fluid"]
-- next to a stop word, an en dash with no spaces is a dash too
SELECT keywords('The structure–which is usually immersed in a Newtonian fluid–is viewed as part of the charm-quark–charm-antiquark pair.', 10);
--> ["charm-quark–charm-antiquark pair","Newtonian fluid","part","structure"]

-- test: a no-break space (U+00A0) or a narrow one (U+202F) is a space, not punctuation that splits a phrase
-- (the phrases come back as written, spaces and all: shown here as <nbsp>, <nnbsp>)
SELECT replace(replace(keywords('Error estimation for boundary' || char(160) || 'elements and thin' || char(8239) || 'films.', 10),
               char(160), '<nbsp>'), char(8239), '<nnbsp>');
--> ["boundary<nbsp>elements","Error estimation","thin<nnbsp>films"]

-- test: a verb WordNet has as a noun too (design, gain, start), right after a singular noun or adjective, is the head of a compound (verbal_noun: "CNN architecture design", "path gain", "cold start times"); after a plural ("Providers design") or before a determiner ("noise hurt the") it is a verb
SELECT keywords('We study path gain and cold start times in CNN architecture design. Providers design caches; noise hurt the recognizer.', 8);
--> ["CNN architecture design","cold start times","path gain","Providers","recognizer","caches","noise","CNN"]

-- test: a capitalised word inside a sentence is a name even when the lexicon has it as a verb; at a sentence start it is not
SELECT keywords('We solve the Stokes flow around the particle. Stokes the fire with coal.', 10);
--> ["Stokes flow","particle","fire","coal"]

-- test: a hyphenated word is a word when any part of it is: a number or stop word may stand at its edge (GPT-4, 4-bit, in-context)
SELECT keywords('We compare GPT-4 with Llama-2 on the COVID-19 dataset with 4-bit quantization and in-context learning.', 10);
--> ["COVID-19 dataset","4-bit quantization","in-context learning","GPT-4","Llama-2"]
SELECT keywords('The 10-12 range and 2-3 steps, well-known.', 10);
--> ["range","steps"]

-- test: the numbers in hyphenated words tell phrases apart (GPT-3 is not a near-duplicate of GPT-4)
SELECT keywords('We compare GPT-4, GPT-3 and Llama-2.', 10);
--> ["GPT-4","GPT-3","Llama-2"]

-- test: a hyphenated word written in other capitals is the same phrase, shown as first written
SELECT keywords('In-Context Learning helps. We study in-context learning.', 10);
--> ["In-Context Learning"]

-- test: a phrase whose first occurrence ends on a possessive ('s, or ’s) is shown without it (Snowball's stem has none)
SELECT keywords('The token’s. The model''s weights.', 10);
--> ["token","model","weights"]

-- test: a possessive ('s or ’s) ends its phrase (possessive): the owner is one phrase, what it owns another, for a name and for a lower-case word ("the hybrid model's context length")
SELECT keywords('TabPFN’s efficacy and TabPFN''s accuracy; FedHyper''s convergence rate; the hybrid model''s context length.', 10);
--> ["TabPFN","FedHyper","hybrid model","convergence rate","context length","efficacy","accuracy"]

-- test: an -ly word is an adverb and breaks a phrase, unless WordNet has it as a noun (anomaly, supply)
SELECT keywords('We study anomaly detection on supply chain data with adaptively chosen batches.', 10);
--> ["supply chain data","anomaly detection","chosen batches"]

-- test: adjectives that place a thing against other work (existing, previous, relevant, larger, typical, additional, related, usual, actual, appropriate) and "unlike" break phrases; the same texts with adjectives that name a kind keep them
SELECT keywords('Existing methods and previous work ignore relevant features of larger models; typical baselines need additional data.', 10);
--> ["features","models","work","methods","data","baselines"]
SELECT keywords('Baseline methods and prior work ignore salient features of deep models; plain baselines need extra data.', 10);
--> ["plain baselines","prior work","extra data","salient features","deep models","Baseline methods"]
SELECT keywords('Unlike related work, usual methods miss actual costs under appropriate settings.', 10);
--> ["work","methods","costs","settings"]
SELECT keywords('Unlike prior work, fast methods miss hidden costs under tight settings.', 10);
--> ["tight settings","prior work","fast methods","hidden costs"]

-- test: the -ing forms of the genre's verbs break phrases as their other forms do (involving, containing), and so do "following" and "former"
SELECT keywords('Pipelines involving sparse kernels and layers containing dense blocks use the following model.', 10);
--> ["dense blocks","sparse kernels","layers","Pipelines","model"]

-- test: a general noun of scientific prose alone (method, models, data) names no topic and ranks low (x0.1); another lower-case word alone ranks low too but less (x0.3, plain_word); inside a phrase it is a head like any other
SELECT keywords('The method, the method, the method and the sparse kernels.', 2);
--> ["sparse kernels","method"]
SELECT keywords('The sampler, the sampler, the sampler and the sparse kernels.', 2);
--> ["sparse kernels","sampler"]
SELECT keywords('The sampling method, the method, the method and the sparse kernels.', 3);
--> ["sampling method","sparse kernels"]
SELECT keywords('In this study, ablation studies and a user study show the gains.', 5);
--> ["user study","ablation studies"]

-- test: a phrase made only of the genre's general words (genre_general: azGenre, "deep neural networks", "DNNs", "GPU memory", "model size") ranks low (x0.1), an acronym among them no name (no acronym factor); a phrase with a word of its own ("keyword spotting DNNs") does not
SELECT keywords('Deep neural networks (DNNs) need much GPU memory and a large model size. We prune DNNs for keyword spotting on phones; keyword spotting DNNs shrink.', 4);
--> ["keyword spotting DNNs","keyword spotting","Deep neural networks","large model size"]

-- test: a phrase that ends on a score the field reports ranks low (metric, x0.1: "PSNR", "ImageNet top-1 accuracy"): said twice each, they rank below the codec said twice
SELECT keywords('Our video codec improves PSNR by 2 dB and ImageNet top-1 accuracy by 1%; PSNR and accuracy gains hold for video codec variants.', 4);
--> ["video codec","video codec variants","ImageNet top-1 accuracy","PSNR"]

-- test: the verbs that introduce a name (dubbed, termed, coined) break phrases; "named" before a lower-case word does not ("named entity recognition")
SELECT keywords('A sampler dubbed FastDiff, termed FD here, runs named entity recognition.', 10);
--> ["FastDiff","FD","named entity recognition","sampler"]

-- test: a lower-case "named" right before a word with a capital introduces the name, a verb ("a sparse solver named FastNet" is no phrase); before a lower-case word it still makes terms
SELECT keywords('We train a sparse solver named FastNet and run named entity recognition.', 10);
--> ["FastNet","sparse solver","named entity recognition"]

-- test: a word right after "we" or "they" is a verb, no word of a phrase ("we page", "they study")
SELECT keywords('We page the KV cache; they study graph kernels and we rank memory pages.', 10);
--> ["KV cache","graph kernels","memory pages","KV"]

-- test: a unit of measure right after a number is part of the quantity, no word and no acronym ("125 GeV", "8 MW"); elsewhere it is a word ("the GeV scale") and an acronym ("Minimax Winner (MW)", which the answer gives once, as its long form)
SELECT keywords('Collisions at 125 GeV and 8 TeV show Higgs boson decays; the GeV scale matters.', 10);
--> ["GeV scale matters","Higgs boson decays","GeV","Collisions"]
SELECT keywords('Our Minimax Winner (MW) needs 8 MW of power and 80 GB of GPU memory.', 10);
--> ["Minimax Winner","power","GPU memory","GPU"]
-- a number glued to its unit is a quantity too ("1MHz", "256KB"), but not inside a hyphenated word ("A100-80GB")
SELECT keywords('A 1MHz clock drives 256KB SRAM on A100-80GB GPUs.', 5);
--> ["A100-80GB GPUs","SRAM","clock","GPUs"]
-- a factor or an ordinal glued to a number is a quantity too ("421x", "8x", "4th")
SELECT keywords('A 421x speedup in the 4th round of 8x compressed models.', 5);
--> ["compressed models","speedup","round"]

-- test: "vs" and "versus" break phrases, as connectives do
SELECT keywords('Accuracy vs GFLOPs trade-offs of ResNets versus ViTs.', 10);
--> ["GFLOPs trade-offs","ViTs","ResNets","GFLOPs","Accuracy"]

-- test: a symbol written against a parenthesis is notation, not a word (SU(N), Co(II)); "amongst" breaks a phrase; "(CL)" alone stays (low: it modifies "terms", paren_modifier)
SELECT keywords('The complex Grassmannians SU(N) and the Co(II) complexes of the gauge group, amongst disturbance waves and (CL) terms.', 10);
--> ["gauge group","complex Grassmannians","disturbance waves","CL","terms"]

-- test: a lower-case word in -s between a name and a determiner is a verb ("BatchLLM reorders the"); before anything else it may be a noun ("GPU kernels")
SELECT keywords('BatchLLM reorders the requests. LLM agents use the tools. FlashFFTConv speeds the convolutions. GPU kernels are fast.', 10);
--> ["LLM agents","GPU kernels","FlashFFTConv","BatchLLM","convolutions","requests","fast","LLM","tools","GPU"]

-- test: a phrase with an acronym (two capitals) and the acronym's long form rank ahead of the rest; the long form and the acronym are one concept, given once
SELECT keywords('Sparse attention mechanisms make large language models (LLMs) faster on long documents.', 4);
--> ["large language models","Sparse attention mechanisms","long documents"]

-- test: the long form of an acronym defined in the text (first letters of the words before "(GQA)") ranks first and stands for the acronym too
SELECT keywords('Memory bandwidth limits decoding. We add grouped query attention (GQA) to the decoder. Memory bandwidth and decoding speed improve with caching of memory pages.', 3);
--> ["grouped query attention","Memory bandwidth limits decoding","Memory bandwidth"]

-- test: not a long form: a first letter that differs, punctuation between the words (same text as above otherwise)
SELECT keywords('Memory bandwidth limits decoding. We add sparse query attention (GQA) to the decoder. Memory bandwidth and decoding speed improve with caching of memory pages.', 3);
--> ["GQA","Memory bandwidth limits decoding","Memory bandwidth"]
SELECT keywords('Memory bandwidth limits decoding. We add grouped query, attention (GQA) to the decoder. Memory bandwidth and decoding speed improve with caching of memory pages.', 3);
--> ["GQA","Memory bandwidth limits decoding","Memory bandwidth"]

-- test: a long form's first letters are matched case folded beyond ASCII (å for Å), and only so (a for Å is not: then ÅLD is a concept of its own)
SELECT keywords('Film stress limits yield. We grow films by ångström layer deposition (ÅLD) on wafers. Film stress and film thickness vary with wafer temperature.', 3);
--> ["ångström layer deposition","Film stress","Film stress limits"]
SELECT keywords('Film stress limits yield. We grow films by angstrom layer deposition (ÅLD) on wafers. Film stress and film thickness vary with wafer temperature.', 3);
--> ["ÅLD","Film stress","Film stress limits"]

-- test: a window that cuts the head noun off a longer phrase ranks low ("Global potential energy minimum" of "... minimum structures")
SELECT keywords('Global potential energy minimum structures differ from the global free energy minimum at room temperature.', 4);
--> ["global free energy minimum","room temperature","potential energy minimum structures","Global potential energy minimum"]

-- test: a window that starts inside a name ranks low (cut_name, x0.1: "Hashing Metric Learning" of "Deep Hashing Metric Learning", below the plain words "photos" and "scenes"); a capital only at a sentence's start starts no name ("Training LLMs": "LLMs" is no cut)
SELECT keywords('We propose Deep Hashing Metric Learning (DHML) for image retrieval. DHML improves image retrieval on photos and scenes.', 5);
--> ["DHML","image retrieval","photos","scenes","Hashing Metric Learning"]

-- test: context stands in for parts of speech: a phrase right after a determiner or preposition is a noun phrase (x1.5), one right before "of" the head of a longer one (x0.5); the same two phrases twice each, the first text without either
SELECT keywords('Beam search; speculative decoding. Speculative decoding; beam search.', 2);
--> ["Beam search","speculative decoding"]
SELECT keywords('Beam search; the speculative decoding. Speculative decoding; beam search.', 2);
--> ["speculative decoding","Beam search"]
SELECT keywords('Beam search of speculative decoding. Speculative decoding; beam search.', 2);
--> ["speculative decoding","Beam search"]

-- test: a longer phrase may follow a shorter one it holds; one whose stems are all in a chosen phrase may not
SELECT keywords('Magnetic field. Magnetic field. Magnetic field. Magnetic field. Magnetic field. Magnetic field. Magnetic field. Magnetic field strength.', 3);
--> ["Magnetic field","Magnetic field strength"]

-- test: a phrase written somewhere as a whole run of content words is a term (x10) and ranks ahead of a window cut from a longer run; the same text with the phrase never whole
SELECT keywords('Pretrained large language models need KV cache memory. Memory grows with large language models.', 3);
--> ["KV cache memory","large language models","Pretrained large language models"]
SELECT keywords('Pretrained large language models need KV cache memory. Memory grows with pretrained large language models.', 3);
--> ["KV cache memory","Pretrained large language models","KV"]

-- test: a phrase of two or more words written somewhere as a whole run may follow a longer phrase that holds it; never whole, it may not (same text otherwise)
SELECT keywords('The KV cache memory grows with the context. We page the KV cache.', 4);
--> ["KV cache","KV cache memory","context","KV"]
SELECT keywords('The KV cache memory grows with the context. We page the KV cache memory.', 4);
--> ["KV cache memory","context","KV"]

-- test: an acronym alone may follow a phrase that holds it; a plain word may not (same text otherwise)
SELECT keywords('The CO2 coolant enters the graphite core. The CO2 coolant is pumped.', 5);
--> ["CO2 coolant","graphite core","CO2"]
SELECT keywords('The hot coolant enters the graphite core. The hot coolant is pumped.', 5);
--> ["hot coolant","graphite core"]

-- test: an acronym and its plural are one word (Snowball leaves "npes" and "npe" apart): one phrase, as first written; its long form is the same concept, not given again
SELECT keywords('Neural posterior estimators (NPEs) scale. An NPE needs simulations; NPEs need fewer simulations than ABC.', 4);
--> ["NPEs","ABC","fewer simulations","scale"]

-- test: a phrase never starts with an -ing word WordNet has no noun for (ing_object: a verb and its object, "harnessing historical data"); the rest of the run is a whole phrase; an -ing word WordNet has as a noun starts one (sampling)
SELECT keywords('Forecasts improve by harnessing historical data from weather stations.', 10);
--> ["weather stations","historical data"]
SELECT keywords('Forecasts improve, harnessing historical data from weather stations.', 10);
--> ["weather stations","historical data"]
SELECT keywords('Forecasts improve harnessing historical data from weather stations.', 10);
--> ["weather stations","historical data"]
-- before a name, too: "adopting ViTs" is no phrase
SELECT keywords('Results improve adopting ViTs on edge devices.', 5);
--> ["ViTs","edge devices"]
SELECT keywords('Results improve adopting vision transformers on edge devices.', 5);
--> ["edge devices","vision transformers"]
SELECT keywords('Forecasts improve with sampling steps from weather stations.', 10);
--> ["sampling steps","weather stations"]
SELECT keywords('Forecasts improve, sampling steps from weather stations.', 10);
--> ["weather stations","sampling steps"]
-- an -ing word before a word SemCor has mostly as an adjective (large, dynamic, single) takes it as its object, and so does a hyphenated -ing word; at a sentence start a capitalised -ing word before an acronym is a verb ("Training LLMs"); "training data" stays
SELECT keywords('Training LLMs is costly. We cut the cost of training large language models and of fine-tuning large-scale models, learning dynamic weights from training data.', 5);
--> ["LLMs","large-scale models","large language models","dynamic weights","training data"]
-- a hyphenated word that ends on a participle or adjective is an object too ("detecting machine-generated text")
SELECT keywords('Methods for detecting machine-generated text and sampling data-driven priors rely on training data.', 3);
--> ["data-driven priors","machine-generated text","training data"]
-- a capitalised -ing word before a capital starts a name, not a verb phrase
SELECT keywords('Samplers (e.g., Denoising Diffusion Implicit Models) help.', 10);
--> ["Denoising Diffusion Implicit Models","Samplers"]

-- test: a two-letter acronym written alone in parentheses right before a content word modifies it, and so does the run before it (paren_modifier: "key-value (KV) cache" gives "KV cache", and "KV" or "key-value" only low); not before a generic head ("(EM) algorithm": EM names the thing), nor with three letters or more
SELECT keywords('The key-value (KV) cache grows with the context; we compress the KV cache of long prompts.', 3);
--> ["KV cache","context","KV"]
SELECT keywords('The key-value (KVC) cache grows with the context; we compress the KVC cache of long prompts.', 3);
--> ["KVC","KVC cache","key-value"]
SELECT keywords('We run the expectation-maximization (EM) algorithm on the EM objective for mixture models.', 2);
--> ["EM objective","EM"]

-- test: a word SemCor has at least as often as a verb as a noun, right after "to" or a modal (or an -ly adverb there), is a verb (infinitive: "to update network weights", "to efficiently train OFA networks", "can aid"); elsewhere it may be a noun ("network update"), and a noun after "to" stays ("to image generation")
SELECT keywords('We use the gradients to update network weights and to efficiently train OFA networks; the loss can aid sample complexity. The network update is cheap and applies to image generation.', 6);
--> ["OFA networks","network update","image generation","sample complexity","loss","network weights"]
-- a verb SemCor never counts is one too ("to leverage DARTS")
SELECT keywords('We learn to leverage DARTS search spaces.', 4);
--> ["DARTS search spaces","DARTS"]

-- test: a candidate never ends on a word in -ed (a verb, not a noun phrase); a word in -eed is no participle (wind speed)
SELECT keywords('The cache layout improved.', 3);
--> ["cache layout"]
SELECT keywords('We measure the wind speed.', 3);
--> ["wind speed"]

-- test: no candidate ends on a word WordNet has as an adjective and never as a noun (written, vulnerable, slow, memory-efficient); a name may (Arena-Hard), and a particle ending a hyphenated word is none (trade-off)
SELECT keywords('We release a quantization library written in JAX.', 5);
--> ["JAX","quantization library"]
SELECT keywords('This makes the ViT vulnerable to noise.', 5);
--> ["noise","ViT"]
SELECT keywords('The DNNs are slow.', 5);
--> ["DNNs"]
SELECT keywords('A better accuracy-latency trade-off on Arena-Hard.', 5);
--> ["accuracy-latency trade-off","Arena-Hard"]
SELECT keywords('Training is memory-efficient.', 5);
--> ["Training"]

-- test: an -ing verb right after a plural noun is a participle, no word of a phrase; a gerund WordNet has as a noun is one (processing)
SELECT keywords('We study systems utilizing lossy compression.', 5);
--> ["lossy compression","systems"]
SELECT keywords('The DNNs producing outputs are slow.', 5);
--> ["DNNs","outputs"]
SELECT keywords('Images processing pipelines help.', 5);
--> ["Images processing pipelines"]

-- test: an -ing word WordNet has no noun for is no candidate alone (evaluating); one it has as a noun is (Training)
SELECT keywords('Yet evaluating these models remains a challenge.', 5);
--> ["models"]
SELECT keywords('Training helps.', 5);
--> ["Training"]

-- test: current, main, original, specific, subsequent (azRelatingStart) start no phrase (they relate a thing to the text); inside one they make terms; "PEFT" after "PEFT methods" is the same concept
SELECT keywords('Current PEFT methods fail. The original DiT and the main idea use specific quality factors.', 10);
--> ["PEFT methods","DiT","quality factors","idea"]
SELECT keywords('Subsequent annealing steps follow.', 5);
--> ["annealing steps"]
SELECT keywords('Eddy current sensors find flaws in the current collector.', 5);
--> ["Eddy current sensors","flaws","collector"]
-- high, low and key start no phrase either ("high memory usage", "low latency", "key kernels"); hyphen-joined to the next word they make a compound ("low-rank", "high-resolution", "key-value")
SELECT keywords('The high memory usage and low latency of key kernels matter. We use low-rank adapters, high-resolution images and key-value caches.', 8);
--> ["low-rank adapters","high-resolution images","key-value caches","kernels matter","latency","memory usage"]
-- nor do limited, desired, diverse, single and correct
SELECT keywords('Limited data, the desired properties, a single GPU and diverse images give the correct answer.', 8);
--> ["images","answer","data","properties","GPU"]

-- test: state-of-the-art and off-the-shelf (azRelatingCompound) are no words of a phrase, in any case; "state" alone still is one
SELECT keywords('It beats state-of-the-art pruning methods and off-the-shelf ViTs.', 5);
--> ["ViTs","pruning methods"]
SELECT keywords('State-of-the-art detectors and state space models.', 5);
--> ["state space models","detectors"]

-- test: a hyphenated chain of 1,000,000 parts is one word, read once: the state-of-the-art check looks back four parts at most (walking the whole chain at each part took 38 s at 200,000 parts, past the case timeout at this size)
SELECT length(keywords(replace(hex(zeroblob(1000000)), '00', 'ab-'), 3));
--> 3000003

-- test: today, nowadays and "owing" (to) are no words of a phrase
SELECT keywords('LLMs today reach high AP owing to scale; nowadays sparse models grow.', 5);
--> ["AP","LLMs","sparse models","scale"]

-- test: a word list holds words, so a possessive is looked up without its
-- 's (both apostrophes): "today's" is no word of a phrase as "today" is not,
-- nor "other's" as the stop word "other" is not
SELECT keywords('Gradients are not automated by today''s PPLs.', 5),
       keywords('The speed of today’s PPLs.', 5),
       keywords('Each other''s weights and one another’s gradients.', 5);
--> ["PPLs","Gradients"]|["PPLs","speed"]|["gradients","weights"]

-- test: one concept once (same_concept): an acronym and its long form as the text defines it, and the acronym or phrase with a generic head (performance, methods, algorithms) are one ("FL", "FL performance", "FL methods", "FL algorithms")
SELECT keywords('We study Federated Learning (FL) on many clients. FL performance drops with skewed data, and FL methods differ; FL algorithms differ too.', 8);
--> ["FL","skewed data","clients","methods","algorithms","performance","Learning"]
-- case, plural and hyphenation are one concept too ("Non-Smooth PDE-Constrained Problems" and "non-smooth PDE-constrained problems"; "graph neural networks" and "graph-neural-network")
SELECT keywords('Non-Smooth PDE-Constrained Problems are hard. We solve non-smooth PDE-constrained problems with a semismooth Newton method.', 8);
--> ["Non-Smooth PDE-Constrained Problems","semismooth Newton method"]
SELECT keywords('Graph neural networks help. We train a graph-neural-network on molecules.', 8);
--> ["Graph neural networks","molecules"]
-- a longer phrase that adds a word of its own is another concept ("graph neural network layers")
SELECT keywords('Graph neural networks help. Graph neural network layers and graph neural network pooling.', 8);
--> ["Graph neural networks","Graph neural network layers","graph neural network pooling"]

-- test: a finite verb right after a noun is no word of a phrase (finite_verb: "UFGIR goes", "RM stays", "providers update"); an -ing verb WordNet has no noun for starts no phrase and a verb the tagger's lexicon has ends none (ing_object, ing_end: "running PFT", "eliminating SFT", "DistriFusion depending")
SELECT keywords('UFGIR goes beyond coarse labels. The RM stays fixed. Cloud providers update their LLMs. Users running PFT and eliminating SFT save compute.', 10);
--> ["LLMs","RM","PFT","SFT","UFGIR","Cloud providers","Users"]
SELECT keywords('Throughput of DistriFusion depending on the number of devices; a history comprising many steps; generating testing scenarios; deploying quantized LLMs.', 10);
--> ["quantized LLMs","testing scenarios","LLMs","DistriFusion","Throughput","number","history","devices","steps"]

-- test: a word that is mostly a verb right after a lower-case plural is a verb agreeing with it, no word of a phrase (plural_verb: "NLP tasks support", "approaches leverage", "demands increase", "models train"); a noun there stays ("Compression artifacts reduction")
SELECT keywords('Many NLP tasks support long inputs. Metric-learning approaches leverage class prototypes. As demands increase, the resolution models train slowly. Compression artifacts reduction helps.', 10);
--> ["NLP tasks","Metric-learning approaches","resolution models","class prototypes","Compression artifacts reduction","long inputs","demands"]

-- test: a verb form right after "that", "which", "also", "it" or an adverb in -ly is no word of a phrase (clause_verb: "successfully boosts", "which leverages", "also trains")
SELECT keywords('Our approach successfully boosts multiple baseline INRs, which leverages sparse attention. It also trains small models that experience rapid changes.', 10);
--> ["baseline INRs","experience rapid changes","sparse attention","INRs","small models","approach"]

-- test: a TeX command that lost its backslash (or kept it) is notation, no word of a phrase ("annealing (rm CGA)"), but RM in capitals is a reward model
SELECT keywords('We use confidence-guided annealing (rm CGA) and query-key reparameterization (\rm QKR), and a reward model (RM).', 10);
--> ["reward model","QKR","CGA","query-key reparameterization","confidence-guided annealing"]

-- test: "multiple" at a run's start grades, as "single" does (relating_start: "multiple DG benchmark datasets"); hyphen-joined it is a term ("multi-agent")
SELECT keywords('We train multiple lightweight derived models on multiple DG benchmark datasets with multi-agent reinforcement learning.', 10);
--> ["DG benchmark datasets","multi-agent reinforcement learning","lightweight derived models","DG"]

-- test: a finite verb right after an acronym in parentheses follows a noun (finite_verb: "The reward model (RM) stays fixed"), and modifies nothing
SELECT keywords('The reward model (RM) stays fixed. We train the reward model (RM) with pairs.', 10);
--> ["reward model","pairs"]

-- test: the "http URL" and "https URL" arXiv writes for a link are part of a URL, no words of a phrase (url); URL elsewhere is a word
SELECT keywords('Code is at {this http URL} and this https URL. We study video depth estimation. A URL classifier detects malicious URL strings.', 8);
--> ["URL classifier","malicious URL strings","video depth estimation","URL","Code"]

-- test: "fine-tune", "fine-tunes" (and "finetune") are verbs of the genre, and "wrt" a connective: no words of a phrase (nonkey: "fine-tune LLaMa2-7B", "log-likelihood wrt subspace"); "fine-tuned model" stays
SELECT keywords('We fine-tune LLaMa2-7B on code, and OVT fine-tunes VLP models. The log-likelihood wrt subspace is bounded. A fine-tuned model helps.', 8);
--> ["VLP models","LLaMa2-7B","OVT","fine-tuned model","log-likelihood","code","subspace"]

-- test: a host and path written with no scheme is a URL too, no words of a phrase (url: "github.com/PaulAlbert31/LSA", "yushuang-wu.github.io/NeRDF")
SELECT keywords('Code is at github.com/PaulAlbert31/LSA for web noise. See yushuang-wu.github.io/NeRDF and (huggingface.co/x/y) for NeRDF models.', 8);
--> ["NeRDF models","web noise","Code"]

-- test: a general word of the genre alone ranks as a general noun alone does (general_alone), the plural of an abbreviation too ("GPUs", "TPUs": genre_general)
SELECT keywords('We serve diffusion models on GPUs and TPUs. Many GPUs run the denoising network with low-end servers.', 5);
--> ["low-end servers","diffusion models","GPUs","TPUs","network"]

-- test: the GPUs a paper ran on are general words of the genre, no topic (genre_general: "NVIDIA A100 GPU", "commodity GPUs")
SELECT keywords('Sparse diffusion transformers use token pruning and knowledge distillation. We train them on one NVIDIA A100 GPU and on commodity GPUs.', 3);
--> ["Sparse diffusion transformers","knowledge distillation","token pruning"]

-- test: more evaluative and grading words break a phrase (evaluative: "sophisticated", "enormous", "expensive", "principled"; each rejected by readers in every phrase it began on the 381 labelled papers)
SELECT keywords('Sophisticated models need enormous neural networks and expensive GPU instances. We study temporal self-attention with a principled Bayesian learning rule.', 6);
--> ["GPU instances","temporal self-attention","Bayesian learning rule","neural networks","models","GPU"]

-- test: a well-known model alone or with its version and size ranks low, as papers name them as baselines and examples (known_model: "GPT-4" drops out, "LLaMA-3-8B" and "BERT models" fall below the text's own terms); a name built on one is another name ("Llama-AVSR")
SELECT keywords('We propose Llama-AVSR, an audio-visual speech recognizer. It beats GPT-4 and LLaMA-3-8B on lip reading, and BERT models on transcripts.', 5);
--> ["Llama-AVSR","audio-visual speech recognizer","LLaMA-3-8B","lip reading","BERT models"]

-- test: a well-known model is written with a capital ("palm vein recognition" is no PaLM), and a one-letter version counts as one ("DALL-E")
SELECT keywords('We compare DALL-E 3 and palm vein recognition with OPT-175B on diffusion sampling.', 5);
--> ["palm vein recognition","OPT-175B","diffusion sampling","DALL-E"]

-- test: tokens inside a URL are no words of a phrase (url: "Westlake-AI", "WAD-master")
SELECT keywords('Code for the diffusion sampler is at https://github.com/Westlake-AI/WAD-master and www.example.org/WAD-tools. The diffusion sampler is fast.', 8);
--> ["diffusion sampler","Code","fast"]

-- test: evaluative words and compounds are no words of a phrase (evaluative: "strongest 8B open-source model", "superior", "high-quality", "novel"; "comparable", "user-friendly", "high-fidelity", "sub-optimal")
SELECT keywords('Our 8B model is the strongest 8B open-source model; it gives superior accuracy and high-quality images with a novel attention scheme.', 8);
--> ["8B open-source model","8B model","attention scheme","images","accuracy"]
SELECT keywords('A user-friendly graphical interface gives high-fidelity NeRF scenes with comparable accuracy and sub-optimal trade-offs.', 6);
--> ["NeRF scenes","graphical interface","trade-offs","NeRF","accuracy"]

-- test: more evaluative words, written in capitals too ("SOTA", "SoTA"), and compounds: "negligible FID increase", "innovative next-scale prediction approach", "well-designed contrastive loss", "perfect output fidelity" keep only their terms
SELECT keywords('CoDe gives SOTA performance over SoTA methods with a negligible FID increase. Its innovative next-scale prediction approach and well-designed contrastive loss give perfect output fidelity.', 8);
--> ["FID increase","CoDe","next-scale prediction approach","contrastive loss","output fidelity","methods","FID","performance"]

-- test: a phrase that ends on "performance" is how a result is measured (metric, x0.1): said twice, it ranks below the method said once
SELECT keywords('The detection performance is high. The detection performance is stable. We propose sparse adapters.', 3);
--> ["sparse adapters","detection performance","stable"]

-- test: relating words at the start of a phrase (standard, traditional, massive) start none
SELECT keywords('Standard offline RL and traditional pipelines use massive LLMs.', 5);
--> ["offline RL","LLMs","RL","pipelines"]

-- test: the text's own method or system name comes first (own_name): introduced by "we present X," or "called X"; a name not introduced so is not promoted (same text otherwise)
SELECT keywords('Large language models need memory. We present QServe, a serving system with 4-bit KV cache quantization for large language models on GPUs.', 4);
--> ["QServe","4-bit KV cache quantization","Large language models","serving system"]
SELECT keywords('Compression of neural networks matters. We propose a pruning method called SlimPrune that removes channels of neural networks.', 4);
--> ["SlimPrune","neural networks matters","pruning method","neural networks"]
SELECT keywords('Compression of neural networks matters. A pruning method SlimPrune removes channels of neural networks.', 4);
--> ["pruning method SlimPrune","neural networks matters","SlimPrune","neural networks"]

-- test: the central concept of a text comes first ("split learning", "Information Bottleneck")
SELECT keywords('In split learning, clients and a server each hold part of a network. Split learning reduces client computation but leaks labels.', 3);
--> ["split learning","client computation","server"]
SELECT keywords('We analyse deep networks through the Information Bottleneck. In the Information Bottleneck, compression of inputs is traded against prediction of labels.', 3);
--> ["Information Bottleneck","compression","deep networks"]

-- test: one lower-case word alone ranks low (plain_word, x0.3): "Noise" said three times ranks below "speech recognizer" said twice
SELECT keywords('Noise and noise and noise hurt the speech recognizer; the speech recognizer fails.', 2);
--> ["speech recognizer","Noise"]
-- a word with a capital only at a sentence's start is plain too ("Scaling" three times ranks below the name "Maestro" said twice inside sentences)
SELECT keywords('Scaling is cheap. Scaling is fast. Scaling is simple. We run Maestro and then Maestro again.', 2);
--> ["Maestro","Scaling"]

-- test: a phrase is shown as first written, unless that occurrence cuts a head off and another ends its run ("test time", not "test-time" of "test-time adaptation")
SELECT keywords('Online test-time adaptation adapts models at test time.', 3);
--> ["test time","Online test-time adaptation","models"]

-- test: NULL, empty and stop-word-only text
SELECT quote(keywords(NULL)), keywords(''), keywords('the of and it is'), keywords('quantization', 0);
--> NULL|[]|[]|[]

-- test: method singlerank (the default) and positionrank, which favours what comes first
SELECT keywords(abstract, 3) = keywords(abstract, 3, 'singlerank'), keywords(abstract, 3, 'singlerank'), keywords(abstract, 3, 'positionrank')
  FROM digests('tests/data/digests/004_facf3843ccacead3.txt') WHERE position = 2;
--> 1|["pruned network","object detection network","dynamic sparse training method"]|["pruned network","three-stage model compression method","model compression methods"]

-- test: bad k and bad method are errors naming them
SELECT keywords('x', -1);
--> Error: keywords: k must be a non-negative integer

-- test: k is read in its full 64-bit range: 2^32+1 is not 1, -2^63 is negative, 2^63-1 is every phrase
SELECT keywords('Speculative decoding with draft models speeds up large language model serving', 4294967297)
     = keywords('Speculative decoding with draft models speeds up large language model serving', 100),
       json_array_length(keywords('Speculative decoding with draft models speeds up large language model serving', 9223372036854775807));
SELECT keywords('x', -9223372036854775808);
--> 1|3
--> Error: keywords: k must be a non-negative integer

-- test: an unknown method is an error naming it
SELECT keywords('x', 3, 'yake');
--> Error: keywords: unknown method: yake (use positionrank or singlerank)

-- test: keywords of a whole corpus at once (a long text) stays linear and answers
SELECT json_array_length(keywords(group_concat(abstract, ' '), 10)) FROM digests('tests/data/digests');
--> 10

-- test: keywords() is deterministic and innocuous with one, two and three arguments
SELECT name, narg, flags & 0x000800 > 0, flags & 0x200000 > 0 FROM pragma_function_list WHERE name = 'keywords' ORDER BY narg;
--> keywords|1|1|1
--> keywords|2|1|1
--> keywords|3|1|1
