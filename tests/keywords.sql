-- Tests of keywords() (ext/keywords.c).

-- test: three sample abstracts (read: each list names what the paper is about)
SELECT position, keywords(abstract, 6) FROM digests('tests/data/digests/004_facf3843ccacead3.txt') WHERE position IN (2, 7, 8);
--> 2|["dynamic sparse training method","pruned network","model compression methods","group channel pruning","pruning method","object detection network"]
--> 7|["pseudo linear multi-step method","Denoising Diffusion Probabilistic Models","corresponding pseudo numerical methods","Denoising Diffusion Implicit Models","generate high-quality samples","Improved Denoising Diffusion Probabilistic"]
--> 8|["approximating stationary points","alpha-stationary point","big","previous best rate","finite-sum setting","stochastic optimization setting"]

-- test: the default is ten phrases
SELECT json_array_length(keywords(abstract)) FROM digests('tests/data/digests/004_facf3843ccacead3.txt') WHERE position = 2;
--> 10

-- test: surface form of the first occurrence, one phrase per stem sequence
SELECT keywords('Diffusion models. diffusion model. DIFFUSION MODELS.', 1);
--> ["Diffusion models"]

-- test: candidates never start or end with a stop word, and punctuation splits them
SELECT keywords('the analysis of the graph, and the network of the graph', 5);
--> ["graph","analysis","network"]

-- test: hyphenated words stay one unit
SELECT keywords('State-of-the-art text-to-image models. Older text-to-image models.', 2);
--> ["State-of-the-art text-to-image models","Older text-to-image models"]

-- test: NULL, empty and stop-word-only text
SELECT quote(keywords(NULL)), keywords(''), keywords('the of and it is'), keywords('quantization', 0);
--> NULL|[]|[]|[]

-- test: method singlerank (the default) and positionrank, which favours what comes first
SELECT keywords(abstract, 3) = keywords(abstract, 3, 'singlerank'), keywords(abstract, 3, 'singlerank'), keywords(abstract, 3, 'positionrank')
  FROM digests('tests/data/digests/004_facf3843ccacead3.txt') WHERE position = 2;
--> 1|["dynamic sparse training method","pruned network","model compression methods"]|["model compression methods","dynamic sparse training method","pruned network"]

-- test: bad k and bad method are errors naming them
SELECT keywords('x', -1);
--> Error: keywords: k must be a non-negative integer

-- test: an unknown method is an error naming it
SELECT keywords('x', 3, 'yake');
--> Error: keywords: unknown method: yake (use positionrank or singlerank)

-- test: keywords of a whole corpus at once (a long text) stays linear and answers
SELECT json_array_length(keywords(group_concat(abstract, ' '), 10)) FROM digests('tests/data/digests');
--> 10
