-- Tests of the tokenizer core (ext/tokenizer.c) through tokenize() and tokens() (ext/tokens.c).

-- test: plain English: lower-cased, split on spaces and punctuation
SELECT tokenize('Diffusion probabilistic models have been shown to generate state-of-the-art results.');
--> ["diffusion","probabilistic","models","have","been","shown","to","generate","state","of","the","art","results"]

-- test: hyphenated words split into their parts
SELECT tokenize('text-to-image CelebA-HQ-128 non-trivial');
--> ["text","to","image","celeba","hq","128","non","trivial"]

-- test: decimals stay whole; a letter after a decimal starts a new token
SELECT tokenize('FID of 16.47 vs 34.36, 2.25 bits, 3.18times faster, v1.5, 1,000 GPUs');
--> ["fid","of","16.47","vs","34.36","2.25","bits","3.18","times","faster","v1.5","1","000","gpus"]

-- test: flattened LaTeX splits on its punctuation
SELECT tokenize('{O}(Klog N) with sim 80% and mathcal{L}_{KD}');
--> ["o","klog","n","with","sim","80","and","mathcal","l","kd"]

-- test: placeholders and markdown emphasis lose their brackets and stars
SELECT tokenize('<projektor> outperforms *two-stage* baselines');
--> ["projektor","outperforms","two","stage","baselines"]

-- test: apostrophes separate: possessive s and contraction parts are tokens
SELECT tokenize('the model''s output doesn''t change; it’s fine');
--> ["the","model","s","output","doesn","t","change","it","s","fine"]

-- test: URLs split on their punctuation like any other text
SELECT tokenize('Code: https://github.com/nvlabs/edm2_v1.git?x=1');
--> ["code","https","github","com","nvlabs","edm2","v1","git","x","1"]

-- test: letters and digits together stay one token
SELECT tokenize('GPT4 INT8 T5-XXL 4bit 3D');
--> ["gpt4","int8","t5","xxl","4bit","3d"]

-- test: NFC and NFD spellings give the same tokens
SELECT tokenize('caf' || char(0xe9) || ' na' || char(0xef) || 've') = tokenize('cafe' || char(0x301) || ' nai' || char(0x308) || 've'),
       tokenize('caf' || char(0xe9) || ' na' || char(0xef) || 've');
--> 1|["cafe","naive"]

-- test: full-width letters and ligatures fold (NFKC)
SELECT tokenize('ＬＬＭ ﬁne-tuning ｆｌｏｗ ２０２４ x²');
--> ["llm","fine","tuning","flow","2024","x2"]

-- test: Greek: case folding maps final sigma to sigma, accents stripped
SELECT tokenize('ΟΔΟΣ οδος Ὀδυσσεύς');
--> ["οδοσ","οδοσ","οδυσσευσ"]

-- test: Cyrillic accents stripped like Latin ones
SELECT tokenize('Москва́ Ёлка');
--> ["москва","елка"]

-- test: accented Latin with and without keepmarks
SELECT tokenize('Schrödinger Łukasz Ångström Pérez', ''), tokenize('Schrödinger Łukasz Ångström Pérez', 'keepmarks');
--> ["schrodinger","łukasz","angstrom","perez"]|["schrödinger","łukasz","ångström","pérez"]

-- test: keepmarks on NFD input composes to NFC
SELECT tokenize('cafe' || char(0x301), 'keepmarks') = '["caf' || char(0xe9) || '"]';
--> 1

-- test: marks of other scripts stay: Devanagari word is one token
SELECT tokenize('हिन्दी भाषा');
--> ["हिन्दी","भाषा"]

-- test: CJK: each Han, Hiragana and Katakana character is a token; Hangul words stay whole
SELECT tokenize('大規模言語モデルの研究 한국어 모델');
--> ["大","規","模","言","語","モ","デ","ル","の","研","究","한국어","모델"]

-- test: emoji and other symbols are not tokens
SELECT tokenize('🚀 launch 🤗 Transformers ✨ + → ≤ © ™');
--> ["launch","transformers"]

-- test: keepcase keeps the case but still applies NFKC
SELECT tokenize('ＬＬＭ Diffusion', 'keepcase');
--> ["LLM","Diffusion"]

-- test: stem gives Snowball English stems
SELECT tokenize('Diffusion models generated quantization quantized studies running', 'stem');
--> ["diffus","model","generat","quantiz","quantiz","studi","run"]

-- test: stopwords drop English stop words
SELECT tokenize('We show that the model is one of the best', 'stopwords');
--> ["show","model","one","best"]

-- test: stopwords with keepcase drops capitalised stop words too
SELECT tokenize('The Model IS good', 'keepcase stopwords');
--> ["Model","good"]

-- test: options combine in any order and tolerate extra spaces
SELECT tokenize('The Models are running', '  stopwords   stem ');
--> ["model","run"]

-- test: empty input gives an empty array, NULL gives NULL
SELECT tokenize(''), tokenize('  ,.;  '), tokenize(NULL) IS NULL, tokenize(NULL, 'stem') IS NULL;
--> []|[]|1|1

-- test: NULL options are the defaults
SELECT tokenize('The Models', NULL);
--> ["the","models"]

-- test: a token longer than 1000 bytes is kept whole
SELECT length(tokenize('a ' || replace(hex(zeroblob(600)), '0', 'x') || ' b')), json_array_length(tokenize('a ' || replace(hex(zeroblob(600)), '0', 'x') || ' b')),
       json_extract(tokenize('a ' || replace(hex(zeroblob(600)), '0', 'x') || ' b'), '$[1]') = replace(hex(zeroblob(600)), '0', 'x');
--> 1212|3|1

-- test: invalid UTF-8: every bad byte is a separator
SELECT tokenize(CAST(X'41FF42C3' AS TEXT)), tokenize(CAST(X'616263E282' AS TEXT)), tokenize(CAST(X'C0AF78ED9FBF' AS TEXT)), tokenize(CAST(X'80808080' AS TEXT));
--> ["a","b"]|["abc"]|["x"]|[]

-- test: invalid UTF-8 offsets in tokens()
SELECT token, start, "end" FROM tokens(CAST(X'41FF42C3A9E2' AS TEXT));
--> a|0|1
--> be|2|5

-- test: unknown option is an error naming it
SELECT tokenize('x', 'stem bogus');
--> Error: tokenize: unknown option: bogus

-- test: tokens(): columns token, position, start, end
SELECT token, position, start, "end" FROM tokens('Hello, World-wide 2.25');
--> hello|0|0|5
--> world|1|7|12
--> wide|2|13|17
--> 2.25|3|18|22

-- test: tokens(): offsets point at the surface form of full-width, ligature and NFD input
SELECT token, start, "end", CAST(substr(CAST(text AS BLOB), start+1, "end"-start) AS TEXT) FROM tokens('ＬＬＭ ﬁne cafe' || char(0x301) || ' 日本');
--> llm|0|9|ＬＬＭ
--> fine|10|15|ﬁne
--> cafe|16|22|café
--> 日|23|26|日
--> 本|26|29|本

-- test: tokens(): dropped stop words use up positions
SELECT token, position FROM tokens('the model of the world', 'stopwords stem');
--> model|1
--> world|4

-- test: tokens(): hidden columns give the arguments back
SELECT DISTINCT text, options FROM tokens('a b', 'stem');
--> a b|stem

-- test: tokens(): NULL text gives no rows
SELECT count(*) FROM tokens(NULL);
--> 0

-- test: tokens(): unknown option is an error naming it
SELECT * FROM tokens('x', 'keepcase nope');
--> Error: tokens: unknown option: nope

-- test: tokens(): the text argument is required
SELECT * FROM tokens;
--> Error: no query solution

-- test: tokens() joined to a table, one tokenizer per options
CREATE TABLE t(id INTEGER PRIMARY KEY, x TEXT);
INSERT INTO t(x) VALUES ('Quantized models'), ('Quantization of LLMs'), (NULL);
SELECT id, group_concat(token, ' ') FROM t, tokens(t.x, 'stem') GROUP BY id ORDER BY id;
--> 1|quantiz model
--> 2|quantiz of llms

-- test: tokenize() with a per-row options column
SELECT tokenize(x, o) FROM (SELECT 'Running Models' AS x, 'stem' AS o UNION ALL SELECT 'Running Models', 'keepcase');
--> ["run","model"]
--> ["Running","Models"]

-- test: tokenize() and tokens() agree
SELECT tokenize('Consistency models: one-step generation') = (SELECT json_group_array(token) FROM tokens('Consistency models: one-step generation'));
--> 1

-- test: functions are deterministic and innocuous
SELECT name, narg, flags & 0x000800 > 0, flags & 0x200000 > 0 FROM pragma_function_list WHERE name = 'tokenize' ORDER BY narg;
--> tokenize|1|1|1
--> tokenize|2|1|1

-- test: EXPLAIN QUERY PLAN passes text and options to tokens()
EXPLAIN QUERY PLAN SELECT * FROM tokens('a', 'stem');
--> QUERY PLAN
--> `--SCAN tokens VIRTUAL TABLE INDEX 3:

