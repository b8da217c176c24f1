-- Tests of the tokenizer core through tokenize(), tokens() and the FTS5
-- tokenizer `papers` (ext/text/tokenizer.c, ext/text/tokens.c, ext/text/fts5_papers.c).

-- test: plain English: case folded, punctuation separates
SELECT tokenize('Hello, World! The Models run.');
--> ["hello","world","the","models","run"]

-- test: hyphens and underscores separate; decimals stay whole
SELECT tokenize('text-to-image state-of-the-art scaling_laws 2.25 1-4 steps 0.74');
--> ["text","to","image","state","of","the","art","scaling","laws","2.25","1","4","steps","0.74"]

-- test: flattened LaTeX from the digests: 3.18times, {O}(Klog N), sim 80%
SELECT tokenize('speedup of 3.18times with {O}(Klog N) memory and sim 80% recall');
--> ["speedup","of","3.18","times","with","o","klog","n","memory","and","sim","80","recall"]

-- test: digit-letter runs that are names stay whole
SELECT tokenize('4-bit INT8 H100 T2I 3D ResNet-50 1024x1024 10x');
--> ["4","bit","int8","h100","t2i","3d","resnet","50","1024x1024","10x"]

-- test: URLs split on their punctuation
SELECT tokenize('Code is available at https://github.com/kpandey008/DiffuseVAE.');
--> ["code","is","available","at","https","github","com","kpandey008","diffusevae"]

-- test: with stem, an abbreviation's plural stems to the abbreviation: a final lower-case s after two or more capitals, the last before it (full-width too), or after no vowel (llms, h100s); all-capital words (H2S, KMS, GPUS), one-capital and lower-case words with a vowel, numbers and possessives are Snowball's
SELECT tokenize('LLMs GPUs DNNs ViTs ＬＬＭs IDs llms h100s Ms GPUS gpus class 1990s H2S KMS CNN''s', 'stem');
--> ["llm","gpu","dnn","vit","llm","id","llm","h100","ms","gpus","gpus","class","1990s","h2s","kms","cnn"]

-- test: the acronym rule keeps its case with keepcase, is no rule without stem, and keeps the plural's offsets
SELECT tokenize('LLMs GPUs', 'stem keepcase'), tokenize('LLMs GPUs');
--> ["LLM","GPU"]|["llms","gpus"]
SELECT token, start, "end" FROM tokens('Two GPUs', 'stem');
--> two|0|3
--> gpu|4|8

-- test: the same through FTS5: LLM finds LLMs, and lower-case llm
CREATE VIRTUAL TABLE temp.ft_acronym USING fts5(t, tokenize='papers stem');
INSERT INTO ft_acronym(rowid, t) VALUES (1, 'Serving LLMs on GPUs'), (2, 'One llm'), (3, 'No match');
SELECT group_concat(rowid) FROM ft_acronym WHERE ft_acronym MATCH 'LLM';
--> 1,2
SELECT group_concat(rowid) FROM ft_acronym WHERE ft_acronym MATCH 'GPU';
--> 1

-- test: apostrophes inside a word stay, quotes around words go
SELECT tokenize('TabPFN''s efficacy; retain ''high-quality'' subsets, don''t');
--> ["tabpfn's","efficacy","retain","high","quality","subsets","don't"]

-- test: the typographic apostrophe folds to the ASCII one, so it stems the same (Snowball knows only '); around words it is a quote
SELECT tokenize('TabPFN’s efficacy, don’t, ’quoted’ words'), tokenize('salt’s salt''s salts', 'stem');
--> ["tabpfn's","efficacy","don't","quoted","words"]|["salt","salt","salt"]

-- test: placeholders and markdown emphasis
SELECT tokenize('a <projektor> and *two-stage* pipeline');
--> ["a","projektor","and","two","stage","pipeline"]

-- test: NFC and NFD spellings give the same tokens
SELECT tokenize('Caf' || char(233) || ' r' || char(233) || 'sum' || char(233)) = tokenize('Cafe' || char(769) || ' re' || char(769) || 'sume' || char(769)), tokenize('Caf' || char(233));
--> 1|["cafe"]

-- test: full-width letters and ligatures fold (NFKC)
SELECT tokenize('ＬＬＭ ﬁne-tuning ﬂow');
--> ["llm","fine","tuning","flow"]

-- test: token boundaries are those of the NFKC form: ⑴ is (1), ½ is 1⁄2 and U+FDFA four words, so no token holds a separator
SELECT tokenize('⑴ ½ ﷺ');
--> ["1","1","2","صلى","الله","عليه","وسلم"]

-- test: the tokens of one NFKC form each have a position, and all the offsets of the written form
SELECT token, position, start, "end" FROM tokens('⑴ ½');
--> 1|0|0|3
--> 1|1|4|6
--> 2|2|4|6

-- test: a symbol whose NFKC holds letters or digits is token material: 5㎏ is 5kg, ™ is TM, ℃ is °C (the ° separates)
SELECT tokenize('5㎏ ™ ℃'), tokenize('a™b 5℃ x² №5');
--> ["5kg","tm","c"]|["atmb","5","c","x2","no5"]

-- test: a code point whose NFKC is '.' or an apostrophe joins as those do; ⒈ is "1." and ½ starts with a digit
SELECT tokenize('１．５ ｄｏｎ＇ｔ ⒈5 ⒈ a 1.½');
--> ["1.5","don't","1.5","1","a","1.1","2"]

-- test: the wide letters of an NFKC form are tokens of their own (half-width katakana with their own offsets); ｶﾞ is ガ
SELECT tokenize('㍿ ㈠ ㋀'), (SELECT group_concat(token || '@' || start || '-' || "end", ' ') FROM tokens('ｶﾀｶﾅ ｶﾞ'));
--> ["株","式","会","社","一","1","月"]|カ@0-3 タ@3-6 カ@6-9 ナ@9-12 ガ@13-19

-- test: decomposed kana and Hangul give the tokens of their NFC form
SELECT tokenize(char(0x304B, 0x3099) || ' ' || char(0x1112, 0x1161, 0x11AB, 0x1100, 0x116E, 0x11A8)), tokenize('が 한국');
--> ["が","한","국"]|["が","한","국"]

-- test: stop words and stemming apply to each token of an NFKC form, and keepcase keeps its case
SELECT tokenize('the ﷺ ⑴ models', 'stopwords stem'), tokenize('™ ⒜ Ⅻ', 'keepcase');
--> ["صلى","الله","عليه","وسلم","1","model"]|["TM","a","XII"]

-- test: a stop word inside an NFKC form (㏂ is a.m.) is dropped but uses up its position
SELECT group_concat(token || '@' || position, ' ') FROM tokens('x ㏂ y', 'stopwords');
--> x@0 m@2 y@3

-- test: Greek final sigma and capital sigma fold to the same letter
SELECT tokenize('ΟΔΟΣ οδος Σοφία');
--> ["οδοσ","οδοσ","σοφια"]

-- test: accented Latin, with and without keepmarks
SELECT tokenize('Ångström naïve Señor'), tokenize('Ångström naïve Señor', 'keepmarks');
--> ["angstrom","naive","senor"]|["ångström","naïve","señor"]

-- test: marks that are part of a letter stay (Devanagari is one token)
SELECT tokenize('हिन्दी भाषा');
--> ["हिन्दी","भाषा"]

-- test: keepcase keeps case, still NFKC
SELECT tokenize('LLMs ＬＬＭ Café', 'keepcase');
--> ["LLMs","LLM","Cafe"]

-- test: CJK characters are tokens of their own; emoji are not tokens
SELECT tokenize('大規模言語モデル 😀 LLM🚀fast');
--> ["大","規","模","言","語","モ","デ","ル","llm","fast"]

-- test: stop words are dropped but keep their positions
SELECT group_concat(token || '@' || position, ' ') FROM tokens('the cost of the models is low', 'stopwords');
--> cost@1 models@4 low@6

-- test: every one of the 177 stop words is dropped, also in capitals with keepcase; near misses stay
SELECT json_array_length(tokenize('a about above after again against all am an and any are aren''t as at be because been before being below between both but by can can''t cannot could couldn''t did didn''t do does doesn''t doing don''t down during each few for from further had hadn''t has hasn''t have haven''t having he he''d he''ll he''s her here here''s hers herself him himself his how how''s i i''d i''ll i''m i''ve if in into is isn''t it it''s its itself just let''s me more most mustn''t my myself no nor not of off on once only or other ought our ours ourselves out over own same shan''t she she''d she''ll she''s should shouldn''t so some such than that that''s the their theirs them themselves then there there''s these they they''d they''ll they''re they''ve this those through to too under until up very was wasn''t we we''d we''ll we''re we''ve were weren''t what what''s when when''s where where''s which while who who''s whom why why''s will with won''t would wouldn''t you you''d you''ll you''re you''ve your yours yourself yourselves')), tokenize('a about above after again against all am an and any are aren''t as at be because been before being below between both but by can can''t cannot could couldn''t did didn''t do does doesn''t doing don''t down during each few for from further had hadn''t has hasn''t have haven''t having he he''d he''ll he''s her here here''s hers herself him himself his how how''s i i''d i''ll i''m i''ve if in into is isn''t it it''s its itself just let''s me more most mustn''t my myself no nor not of off on once only or other ought our ours ourselves out over own same shan''t she she''d she''ll she''s should shouldn''t so some such than that that''s the their theirs them themselves then there there''s these they they''d they''ll they''re they''ve this those through to too under until up very was wasn''t we we''d we''ll we''re we''ve were weren''t what what''s when when''s where where''s which while who who''s whom why why''s will with won''t would wouldn''t you you''d you''ll you''re you''ve your yours yourself yourselves', 'stopwords'), tokenize(upper('a about above after again against all am an and any are aren''t as at be because been before being below between both but by can can''t cannot could couldn''t did didn''t do does doesn''t doing don''t down during each few for from further had hadn''t has hasn''t have haven''t having he he''d he''ll he''s her here here''s hers herself him himself his how how''s i i''d i''ll i''m i''ve if in into is isn''t it it''s its itself just let''s me more most mustn''t my myself no nor not of off on once only or other ought our ours ourselves out over own same shan''t she she''d she''ll she''s should shouldn''t so some such than that that''s the their theirs them themselves then there there''s these they they''d they''ll they''re they''ve this those through to too under until up very was wasn''t we we''d we''ll we''re we''ve were weren''t what what''s when when''s where where''s which while who who''s whom why why''s will with won''t would wouldn''t you you''d you''ll you''re you''ve your yours yourself yourselves'), 'stopwords keepcase'), tokenize('an ant the them thems tho yourselvesx', 'stopwords');
--> 177|[]|[]|["ant","thems","tho","yourselvesx"]

-- test: Snowball stemming
SELECT tokenize('diffusion models quantized quantization running generalization', 'stem');
--> ["diffus","model","quantiz","quantiz","run","general"]

-- test: stem and stopwords together
SELECT tokenize('The models are running quickly and the diffusion models', 'stem stopwords');
--> ["model","run","quick","diffus","model"]

-- test: tokens() gives byte offsets of the surface form, also for multi-byte and decomposed text
SELECT token, position, start, "end" FROM tokens('Café ｆｉ naï' || 've' || char(776) || ' x');
--> cafe|0|0|5
--> fi|1|6|12
--> naive|2|13|21
--> x|3|22|23

-- test: a token longer than 1,000 bytes is one token
SELECT count(*), max(length(token)), max("end") FROM tokens(printf('%.*c', 1500, 'a') || ' b');
--> 2|1500|1502

-- test: empty and NULL input
SELECT tokenize(''), quote(tokenize(NULL)), (SELECT count(*) FROM tokens('')), (SELECT count(*) FROM tokens(NULL));
--> []|NULL|0|0

-- test: invalid UTF-8 bytes separate tokens, no crash
SELECT tokenize(CAST(X'616263FF646566C3' AS TEXT) || 'ghi');
--> ["abc","def","ghi"]

-- test: an unknown option is an error naming it
SELECT tokenize('x', 'stem bogus');
--> Error: tokenize: unknown option: bogus

-- test: tokens() with an unknown option
SELECT * FROM tokens('x', 'keepcolour');
--> Error: tokens: unknown option: keepcolour

-- test: tokens() needs its text argument
SELECT * FROM tokens;
--> Error: no query solution

-- test: offsets of every token of every sample abstract point at what was written
SELECT count(*), sum(tokenize(CAST(substr(CAST(d.abstract AS BLOB), t.start + 1, t."end" - t.start) AS TEXT)) <> json_array(t.token))
  FROM digests('tests/data/digests') d, tokens(d.abstract) t;
--> 112041|0

-- test: the same with stemming, over the titles
SELECT sum(tokenize(CAST(substr(CAST(d.title AS BLOB), t.start + 1, t."end" - t.start) AS TEXT), 'stem') <> json_array(t.token))
  FROM digests('tests/data/digests') d, tokens(d.title, 'stem') t;
--> 0

-- test: tokenize() returns JSON the json functions read
SELECT json_array_length(tokenize('one two three')), json_extract(tokenize('one two'), '$[1]');
--> 3|two

-- test: the text functions are pure (deterministic, innocuous)
SELECT name, narg, flags & 0x000800 > 0, flags & 0x200000 > 0 FROM pragma_function_list WHERE name = 'tokenize' ORDER BY narg;
--> tokenize|1|1|1
--> tokenize|2|1|1

-- test: tokens and tokenize work with trusted_schema=OFF in a view
PRAGMA trusted_schema = 0;
CREATE VIEW v AS SELECT tokenize('A b') AS t, (SELECT count(*) FROM tokens('a b c')) AS n;
SELECT * FROM v;
--> ["a","b"]|3

-- test: FTS5 with tokenize='papers stem': prefix query over the sample digests
CREATE VIRTUAL TABLE ft USING fts5(title, abstract, tokenize='papers stem');
INSERT INTO ft SELECT title, abstract FROM digests('tests/data/digests');
SELECT count(*) FROM ft WHERE ft MATCH 'quantiz*';
--> 63

-- test: FTS5 phrase query, ranked with bm25
CREATE VIRTUAL TABLE ft USING fts5(title, abstract, tokenize='papers stem');
INSERT INTO ft SELECT title, abstract FROM digests('tests/data/digests');
SELECT title FROM ft WHERE ft MATCH '"speculative decoding"' ORDER BY bm25(ft);
--> Optimizing Speculative Decoding for Serving Large Language Models Using Goodput
--> Entropy Adaptive Decoding: Dynamic Model Switching for Efficient Inference

-- test: FTS5 stemming matches other forms, highlight() marks the surface form
CREATE VIRTUAL TABLE ft USING fts5(title, abstract, tokenize='papers stem');
INSERT INTO ft SELECT title, abstract FROM digests('tests/data/digests/000_c0b2e69fb6ccf7e0.txt');
SELECT highlight(ft, 0, '[', ']') FROM ft WHERE ft MATCH 'title:quantized' ORDER BY rowid;
--> Pareto-Optimal [Quantized] ResNet Is Mostly 4-bit
--> Benchmarking Post-Training [Quantization] in LLMs: Comprehensive Taxonomy, Unified Evaluation, and Comparative Analysis
--> Understanding the Impact of Post-Training [Quantization] on Large Language Models
--> EfficientDM: Efficient [Quantization]-Aware Fine-Tuning of Low-Bit Diffusion Models
--> Augmenting Hessians with Inter-Layer Dependencies for Mixed-Precision Post-Training [Quantization]
--> SimQ-NAS: Simultaneous [Quantization] Policy and Neural Architecture Search
--> HAWQ-V2: Hessian Aware trace-Weighted [Quantization] of Neural Networks
--> MixDQ: Memory-Efficient Few-Step Text-to-Image Diffusion Models with Metric-Decoupled Mixed Precision [Quantization]

-- test: FTS5 snippet() around a phrase
CREATE VIRTUAL TABLE ft USING fts5(title, abstract, tokenize='papers stem');
INSERT INTO ft SELECT title, abstract FROM digests('tests/data/digests/001_ab2a4a745e152e11.txt');
SELECT snippet(ft, 1, '[', ']', '...', 8) FROM ft WHERE ft MATCH '"speculative decoding"';
--> ...is crucial, and [speculative decoding] (SD) stands out...

-- test: FTS5 folds full-width and accents at query time too
CREATE VIRTUAL TABLE ft USING fts5(x, tokenize='papers');
INSERT INTO ft VALUES ('Café ＬＬＭ');
SELECT count(*) FROM ft WHERE ft MATCH 'cafe AND llm';
--> 1

-- test: FTS5 with an unknown tokenizer option fails to create
CREATE VIRTUAL TABLE ft USING fts5(x, tokenize='papers bogus');
--> Error: error in tokenizer constructor

-- test: a decimal point followed by a non-ASCII byte (fuzzer finding: read past the ASCII table)
SELECT tokenize('3.' || char(233) || 't 4.5');
--> ["3","et","4.5"]

-- test: full-width digits around a decimal point give the token of their NFKC form
SELECT tokenize('１６.４７ vs 16.47 and ３.１８ｔｉｍｅｓ'), tokenize('१.५');
--> ["16.47","vs","16.47","and","3.18","times"]|["१.५"]

-- test: a run of ignorable marks that normalises to nothing is no token and uses no position
SELECT token, position, start, "end" FROM tokens('a ' || char(0x34f) || ' b');
--> a|0|0|1
--> b|1|5|6

-- test: stem: Snowball's exceptional forms, and words it leaves alone (short, or ending in no suffix letter), as python3-snowballstemmer gives them
SELECT tokenize('bias news skies dying idly early atlas howe sky a is of go up by ox tab jazz kilo gpu models quantization rapid', 'stem');
--> ["bias","news","sky","die","idl","earli","atlas","howe","sky","a","is","of","go","up","by","ox","tab","jazz","kilo","gpu","model","quantiz","rapid"]
