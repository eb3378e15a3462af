import type { ComponentKind, Feature, Trait } from '../vocabulary.js';

/**
 * The transparent rules offline extraction runs. Every rule is a regular expression over one
 * sentence of a document; what it finds is recorded with the sentence as evidence. Real docs
 * phrase things many ways, so each rule lists the phrasings we have met.
 */

/** Classifies a component name (a diagram label or a heading) into a kind. First match wins. */
export const KIND_RULES: Array<{ kind: ComponentKind; pattern: RegExp }> = [
  { kind: 'mcp-server', pattern: /\bMCP\b|model context protocol/i },
  { kind: 'datastore', pattern: /\blogs?\b|\blogging\b|\bloki\b|datadog|splunk|\bbucket\b|\bstorage\b|artifact store|model registry|\bwarehouse\b/i },
  { kind: 'queue', pattern: /\b(queue|kafka|sqs|pub\/?sub|rabbit\w*|event bus|kinesis|stream)\b/i },
  { kind: 'service', pattern: /\bembedd(ing|er)s? (model|service|api|endpoint|job|worker|pipeline)\b|\btext-embedding/i },
  { kind: 'tool', pattern: /\btools?\b|\bfunction[- ]call/i },
  { kind: 'memory', pattern: /\bmemory\b/i },
  {
    kind: 'vector-store',
    pattern:
      /\bvector|\bembeddings?\b|pgvector|pinecone|weaviate|qdrant|chroma|milvus|faiss|\bRAG\b|semantic (index|search)|\b(search|help[- ]?cent(re|er)|document|article|knowledge)[- ]index\b|\bindex\b|knowledge[- ]base/i,
  },
  { kind: 'agent', pattern: /\b(planner|reviewer|coding|orchestrat\w+|sub-?|ai|llm|autonomous|research|triage|worker|executor|critic|router)[- ]agents?\b|^agents?\b|\bagent$/i },
  { kind: 'training-pipeline', pattern: /\b(re)?train(ing)?\b.*\b(pipeline|job|dag)\b|sagemaker pipeline|fine-?tun\w* (job|pipeline)|\btraining\b/i },
  { kind: 'dataset', pattern: /\bdata ?sets?\b|\blabels?\b|feature store|training (data|set|corpus)|\bcorpus\b|click logs?/i },
  {
    kind: 'llm',
    pattern:
      /\bLLMs?\b|language model|\bGPT|\bclaude\b|\bgemini\b|\bllama|\bmistral|\bmixtral|\bqwen|deepseek|\bbedrock\b|openai|anthropic|\bvllm\b|ollama|chat ?completions?|foundation model|generative model|\bphi-\d/i,
  },
  {
    kind: 'ml-model',
    pattern:
      /\bmodel\b|xgboost|lightgbm|catboost|classifier|recommender|\branker\b|random forest|gradient[- ]boost|regression|neural net|collaborative filtering|scorer/i,
  },
  { kind: 'prompt', pattern: /\bprompts?\b/i },
  {
    kind: 'datastore',
    pattern:
      /database|\bdb\b|postgres|mysql|redis|\bs3\b|bucket|storage|warehouse|\bstore\b|mongo|dynamo|bigquery|snowflake|\bcache\b|\blogs?\b|logging|elastic|data lake|registry/i,
  },
  { kind: 'ui', pattern: /\bUI\b|widget|front-?end|web ?app|mobile app|browser|portal|dashboard|console|website|\bchat (window|page)\b|client app|\bapp\b|extension|\bIDE\b/i },
  {
    kind: 'external-api',
    pattern: /third[- ]party|external|stripe|github|gitlab|slack|\bemail|smtp|\bcrm\b|zendesk|salesforce|jira|payment (provider|gateway)|\bpsp\b|bank/i,
  },
];

/** Labels that name people, not components. */
export const ACTOR_PATTERN =
  /^(?:[\w-]+ ){0,2}(users?|customers?|visitors?|cardholders?|candidates?|recruiters?|employees?|staff|admins?|administrators?|operators?|maintainers?|developers?|merchants?|partners?|attackers?|reviewers?|clients?|analysts?|people|public|shoppers?|members?|contributors?|requesters?|requestors?)(?: \(.*\))?$|^(support|human|live|customer service) agents?$|^(customers?|users?|visitors?|end[- ]users?|clients?|shoppers?)('s)? (browsers?|devices?|phones?)$/i;

export function actorTrust(label: string): 'anonymous' | 'authenticated' | 'privileged' | 'internal' | 'third-party' {
  if (/anonymous|public|visitor|attacker|contributor/i.test(label)) return 'anonymous';
  if (/admin|operator/i.test(label)) return 'privileged';
  if (/partner|merchant|vendor|external/i.test(label)) return 'third-party';
  if (/employee|staff|recruiter|maintainer|developer|analyst|support|reviewer|internal/i.test(label)) return 'internal';
  return 'authenticated';
}

/** Things prose names that are components even when no diagram draws them. `name` picks the display name. */
export const PROSE_COMPONENT_RULES: Array<{ kind: ComponentKind; pattern: RegExp; name: (m: RegExpMatchArray) => string }> = [
  {
    kind: 'llm',
    pattern:
      /\b(GPT-[\w.]+(?:-mini)?|gpt-[\w.-]+|Claude(?: \d(?:\.\d)?)?(?: (?:Sonnet|Opus|Haiku))?(?: \d(?:\.\d)?)?|Gemini(?: \d(?:\.\d)?)?(?: (?:Pro|Flash))?|Llama[- ]?\d(?:\.\d)?(?:[- ]\d+B)?|Mistral(?: (?:Large|Small|7B))?|Mixtral[\w-]*|Qwen[\d.]*(?:-Coder)?(?:-\d+B)?|DeepSeek(?:-\w+)?|Phi-\d(?:\.\d)?)\b/,
    name: (m) => m[1]!,
  },
  { kind: 'llm', pattern: /\b(LLM|large language model|generative model|language model)s?\b/i, name: () => 'LLM' },
  {
    kind: 'vector-store',
    pattern: /\b(pgvector|Pinecone|Weaviate|Qdrant|Chroma(?:DB)?|Milvus|FAISS|vector (?:index|store|database|db)|embeddings? (?:store|index|database|db))\b/i,
    name: (m) => m[1]!,
  },
  {
    kind: 'ml-model',
    pattern:
      /\b((?:an? |the )?(?:XGBoost|LightGBM|CatBoost|gradient[- ]boosted[- ]trees?|random[- ]forest|logistic[- ]regression|collaborative[- ]filtering|neural[- ]network)(?: model| classifier| ranker| recommender)?|(?:fraud|risk|scoring|ranking|recommendation|churn|credit|spam|anomaly[- ]detection)[- ](?:model|classifier)|(?:classifier|recommender))\b/i,
    name: (m) => m[1]!.replace(/^(an?|the) /i, ''),
  },
  {
    kind: 'mcp-server',
    pattern: /\b((?:an? |the )?(?:[A-Z][\w-]*|"[^"]+"|[\w-]+) (?:[\w-]+ )?MCP server)\b/,
    name: (m) => m[1]!.replace(/^(an?|the) /i, '').replace(/"/g, ''),
  },
  {
    kind: 'tool',
    pattern: /\b(?:an?|the|a read-only) `?([a-z][\w-]*(?:[ -][a-z][\w-]*)?)`? tool\b/i,
    name: (m) => `${m[1]!} tool`,
  },
  {
    kind: 'agent',
    pattern: /\b(planner|reviewer|coding|orchestrator|research|triage|executor|critic|router|sub)[- ]agent\b/i,
    name: (m) => `${m[1]!.toLowerCase()} agent`,
  },
  {
    kind: 'training-pipeline',
    pattern: /\b((?:Airflow|Kubeflow|SageMaker|Vertex(?: AI)?) (?:training )?pipeline|(?:re)?training (?:pipeline|job)|fine-?tuning (?:pipeline|job))\b/i,
    name: (m) => m[1]!,
  },
  { kind: 'memory', pattern: /\b((?:long-term|persistent|cross-session) memory)\b/i, name: (m) => m[1]! },
  { kind: 'dataset', pattern: /\b(feature store|training (?:data ?set|set|corpus)|fine-?tuning (?:data ?set|set|corpus))\b/i, name: (m) => m[1]! },
  {
    kind: 'ui',
    pattern: /\b(chat widget|web app|mobile app|chat UI|browser extension|admin (?:console|dashboard)|IDE (?:plugin|extension)|Slack app)\b/i,
    name: (m) => m[1]!,
  },
];

export interface FeatureRule {
  feature: Feature;
  pattern: RegExp;
  /** A rule that, when it matches, states the feature is absent. */
  absent?: true;
}

const LLM_NAMES =
  /\bLLMs?\b|large language model|generative (AI|model)|\bGPT[- ]?\d|\bClaude\b|\bGemini\b|\bLlama\b|\bMistral\b|\bMixtral\b|\bQwen|\bDeepSeek\b|chat completions?|foundation model|\bBedrock\b|\bvLLM\b|\bOllama\b/i;
const FEEDBACK =
  /(retrain|re-train|fine-?tun|train)\w*\b[^.]*\b(feedback|reports?|labels?|ratings?|clicks?|click logs|thumbs|chargebacks?|corrections?|flags?)\b|\b(feedback|reports?|ratings?|thumbs[- ]up|clicks?|click logs|chargebacks?|labels?)\b[^.]*\b(feeds?|fed|used|go(es)?|flows?|become)\b[^.]*\b(training|retrain\w*|model)\b|online learning|active learning|\bRLHF\b|learn\w* from (user )?(feedback|behaviou?r)/i;

export const FEATURE_RULES: FeatureRule[] = [
  { feature: 'llm', pattern: LLM_NAMES },
  {
    feature: 'predictive-ml',
    pattern:
      /xgboost|lightgbm|catboost|gradient[- ]boost|random forest|logistic regression|\bclassifier|collaborative filtering|recommend(er|ation model)|(scoring|fraud|risk|ranking|churn|credit) model|anomaly detection|machine[- ]learning model|\bML model|neural network|\branker\b|matrix factori[sz]ation/i,
  },
  {
    feature: 'third-party-model-api',
    pattern:
      /\bOpenAI\b(?![- ]compatible)|Azure OpenAI|\bAnthropic\b|\bBedrock\b|Vertex AI|Gemini API|hosted (model |LLM )?API|model provider|third[- ]party (model|LLM|AI)|\bCohere\b|Together AI|\bGroq\b|via (the |an )?(OpenAI|Anthropic|provider)/i,
  },
  { feature: 'open-weights-from-hub', pattern: /hugging ?face|model hub|open[- ]weights?|\bGGUF\b|safetensors|downloaded from [^.]*hub/i },
  { feature: 'serialized-model-loading', pattern: /\bpickle|\.pkl\b|joblib|torch\.load|cloudpickle|\bdill\b/i },
  {
    feature: 'in-house-training',
    pattern: /\bretrain\w*|\bre-train\w*|\bwe train|trained (in-house|weekly|nightly|daily|monthly|on our)|training (pipeline|job|run|dag)s?\b|fine-?tun(e|ed|ing)\b|model training/i,
  },
  { feature: 'fine-tuned', pattern: /fine-?tun(e|ed|es|ing)\b|\bLoRA\b|instruction-tuned on/i },
  { feature: 'learns-from-feedback', pattern: FEEDBACK },
  {
    feature: 'third-party-training-data',
    pattern: /(public|open|scraped|purchased|third[- ]party|open-source|licensed|vendor) (data ?sets?|corpora|corpus|training data|labels)|common crawl|kaggle|web-scraped|scraped from/i,
  },
  {
    feature: 'rag',
    pattern:
      /\bRAG\b|retrieval[- ]augmented|vector (index|store|database|db|search)|pgvector|embeddings? (store|index|database|db)|semantic search|pinecone|weaviate|qdrant|chroma|milvus|faiss|\bretriev\w+ [^.]*\b(chunks|passages|articles|documents|context)\b|\btop-k\b/i,
  },
  {
    feature: 'rag-sources-user-writable',
    pattern:
      /\b(forum|community|user[- ]generated|wiki|public) (posts?|content|pages?|articles?|threads?)\b[^.]*\b(index\w*|ingest\w*|embedd?\w*|retriev\w*)|\b(index\w*|ingest\w*|embedd?\w*)\b[^.]*\b(forum|community|user[- ]generated|wiki) (posts?|content|pages?|threads?)|\b(anyone|any user|any customer|the public) (with an account )?can (post|write|edit|contribute)/i,
  },
  {
    feature: 'untrusted-content-in-context',
    pattern:
      /\b(reads?|reading|ingests?|process(es)?|summari[sz](es|e|ing)|pars(es|e)|fetch(es)?|brows(es|e|ing)|analy[sz]es?|triages?|classif(y|ies))\b[^.]{0,40}\b(incoming|inbound|the|their|user|customer|candidate|external|any)?[ -]?(emails?|e-mails?|messages|web ?pages?|websites?|URLs?|uploads?|uploaded|attachments?|documents?|files?|PDFs?|CVs?|résumés?|resumes?|tickets?|issues?|repository content|repos|pull requests?|comments?)\b|\b(upload\w*)\b[^.]{0,30}\b(PDFs?|files?|documents?|CVs?|résumés?|resumes?|images?)\b|written by anyone|untrusted (content|input|text|documents?)|web (browsing|search) tool|user-supplied (documents?|files?|content)/i,
  },
  { feature: 'tools', pattern: /\btool[- ]?(calls?|calling|use)\b|function[- ]calling|tools (exposed|available) to the (model|LLM|agent)/i },
  {
    feature: 'tool-approval',
    pattern:
      /\b(human|manual|admin|maintainer|manager|supervisor|operator|reviewer|agent)s? (must |needs? to |has to |have to )?(approv\w*|sign[- ]off|confirm\w*)|requir\w* (a |an )?(human |manual |admin |explicit )?(approval|sign[- ]off|confirmation)|approval (step|queue|workflow|gate)|human[- ]in[- ]the[- ]loop|needs? a human|(need|require)s? a human (maintainer|reviewer|admin)/i,
  },
  { feature: 'tool-approval', pattern: /\bwithout (a |any )?(human|approval|review|sign[- ]off|confirmation)\b/i, absent: true },
  {
    feature: 'code-execution',
    pattern:
      /\b(runs?|running|executes?|executing|eval\w*)\b[^.]{0,40}\b(code|shell|commands?|scripts?|SQL|queries|tests|notebooks?)\b|code interpreter|sandbox(ed)? (container|environment|VM)|shell tool|generates? SQL|text-to-SQL|python (tool|sandbox)/i,
  },
  { feature: 'autonomous-agent', pattern: /\bautonomous\w*|\bagentic\b|plans?,? (and |then )?(acts?|executes?|edits?)|multi-step (plans?|tasks?)|without (a )?human in the loop/i },
  {
    feature: 'multi-agent',
    pattern: /multi-agent|sub-?agents?|\bdelegat\w+\b[^.]*\bagent|\bagents? (talk|communicate|collaborate|hand off)|\bhands? (off|over) to (the |a )?\w+ agent/i,
  },
  { feature: 'mcp', pattern: /\bMCP\b|model context protocol/i },
  { feature: 'persistent-memory', pattern: /(long-term|persistent|cross-session) memory|remembers? [^.]*(across|between) sessions|memory of (past|previous)/i },
  { feature: 'persistent-memory', pattern: /memory is (per-session|session[- ]scoped|not persisted|discarded)|per-session (memory|only)/i, absent: true },
  {
    feature: 'output-rendered',
    pattern:
      /render\w* (as |in |into )?(HTML|Markdown|rich text)|\b(Markdown|HTML)\b[^.]{0,30}\b(render\w*|answers?|output|summar\w*|displayed|shown)|(see|view|shown|displayed|presented) [^.]{0,40}\bas (HTML|Markdown|rich text)|innerHTML|dangerouslySetInnerHTML/i,
  },
  {
    feature: 'output-triggers-automation',
    pattern:
      /\bautomatically (approv|declin|block|reject|refund|merg|deploy|execut|send|clos|ban|hold|flag|rank|shortlist)\w*|\bauto-(approv|declin|block|reject|merg|deploy)\w*|without (human |manual )?review|decisions? (are |is )?(made|taken) automatically|automated decisions?|\b(declines?|blocks?|holds?) (the )?(transactions?|payments?|orders?)/i,
  },
  {
    feature: 'human-review',
    pattern:
      /(human|manual) review|reviewed by (a |an )?(human|recruiter|analyst|maintainer|agent|person|reviewer)|\b(recruiters?|analysts?|maintainers?|reviewers?) (review|check|read|approve)|\bneeds? a human\b[^.]*\b(merge|approve|review)/i,
  },
  {
    feature: 'pii',
    pattern:
      /\bPII\b|personal (data|information|details)|personally identifiable|e-?mail addresses|phone numbers?|home address|order history|card (numbers?|data|holders?)|cardholder|\bPAN\b|payment (data|details)|medical|health (data|records)|\bCVs?\b|résumés?|social security|date of birth|\bGDPR\b|\bHIPAA\b|\bPCI\b|customer (data|records|details)|salary|candidates'? (data|details)/i,
  },
  { feature: 'multi-tenant', pattern: /multi-?tenan\w*|\btenants?\b|several (employers|customers|organi[sz]ations|companies)|per-(customer|tenant|org\w*) (index|namespace|collection)|shared (index|collection) for all/i },
  {
    feature: 'public-exposure',
    pattern:
      /public (website|internet|endpoint|API|site|chat|page|web)|internet-facing|anonymous (users?|visitors?)|\bunauthenticated\b|on (the |our )?(public )?website|publicly (available|accessible|reachable|exposed)|open to the internet|partner (endpoint|API|merchants?)|public-facing|external (callers|clients|merchants)/i,
  },
  {
    feature: 'returns-scores',
    pattern:
      /returns? (the |a |its )?(raw |fraud |risk |similarity |confidence |relevance |match )?(scores?|probabilit\w+|confidences?|reason codes|logits)|\breturns?\b[^.]{0,50}\b(similarity|confidence|fraud|risk|relevance|match) scores?\b|(scores?|probabilities|confidences?) (are |is )?(returned|exposed|sent back)|(similarity|confidence|risk|fraud) scores? (in|to) (the )?(response|callers?|partners?)/i,
  },
  {
    feature: 'prompt-logging',
    pattern:
      /\b(prompts?|conversations?|chats?|transcripts?|answers|completions|tool calls?|messages|model (inputs|outputs)|requests and responses)\b[^.]{0,40}\b(are |is )?(logged|recorded|stored|retained|persisted|written to|captured|traced)|\blog(s|ged|ging)? (all |every |each )?(prompts?|conversations?|tool calls?|model calls?|requests and responses)|\b(langsmith|langfuse|helicone|phoenix) (tracing|traces)/i,
  },
  {
    feature: 'decision-logging',
    pattern:
      /\b(decisions?|scores?|predictions?|outcomes?|verdicts?)\b[^.]{0,30}\b(are |is )?(logged|recorded|stored|written|persisted)|audit (trail|log)|decision log|model version (is |are )?(recorded|logged|stored|stamped)/i,
  },
  {
    feature: 'decision-logging',
    pattern: /\b(no|without|missing|lacks?)\b[^.]{0,20}\bmodel[_ ]version\b|model[_ ]version\b[^.]{0,30}\b(is|are) not (recorded|logged|stored)|can'?t tell which model (produced|made)/i,
    absent: true,
  },
  {
    feature: 'drift-monitoring',
    pattern:
      /drift (monitoring|detection|alerts?|dashboards?)|monitor\w* (for |of )?(data |concept |model )?drift|\bPSI\b|population stability|data quality monitoring|model (performance )?monitoring|eval(uation)? suite (runs?|on)|(nightly|weekly|daily) eval\w*/i,
  },
  {
    feature: 'rate-limiting',
    pattern: /rate[- ]limit\w*|throttl\w*|\bquotas?\b|token budgets?|budget (per|cap)|\bcapped\b|spend (limit|cap)|max(imum)? tokens|\bmetered\b|usage limits?/i,
  },
  { feature: 'rate-limiting', pattern: /\bunmetered\b|\bunlimited (requests|queries|calls|tokens)/i, absent: true },
  {
    feature: 'model-version-pinned',
    pattern: /pinned (model )?version|version[- ]pinned|pin(s|ned)? (the )?model|model snapshot|dated (model )?(version|snapshot)|gpt-[\w.]+-\d{4}-\d{2}-\d{2}/i,
  },
  {
    feature: 'artifact-verification',
    pattern:
      /(checksums?|sha-?256|hash(es)?|signatures?|signed|sigstore|cosign)\b[^.]{0,40}\b(models?|artifacts?|weights)|\b(models?|artifacts?|weights)\b[^.]{0,40}\b(checksums?|sha-?256|hash(es)?|signatures?|signed|verified)|verif\w+ (the )?(model|artifact|weights)/i,
  },
  {
    feature: 'output-filtering',
    pattern:
      /guardrails?|content filter\w*|moderation (API|endpoint|model|layer)|output (filter\w*|validation|validator|sanitiz\w*)|llama guard|nemo guardrails|sanitiz\w+ (the )?(output|answers?|HTML|Markdown)|DOMPurify/i,
  },
  {
    feature: 'system-prompt-secrets',
    pattern:
      /(API keys?|credentials?|passwords?|secrets?|tokens?)\b[^.]{0,30}\b(in|inside|included in|embedded in|part of) the (system )?prompt|system prompt (contains|includes|holds|has)\b[^.]*\b(keys?|credentials?|secrets?|passwords?|internal|confidential)/i,
  },
];

/** Features where a statement of absence beats a statement of presence: a partial control is a gap. */
export const CONTROL_FEATURES: ReadonlySet<Feature> = new Set<Feature>([
  'tool-approval',
  'prompt-logging',
  'decision-logging',
  'drift-monitoring',
  'rate-limiting',
  'model-version-pinned',
  'artifact-verification',
  'output-filtering',
  'human-review',
]);

export interface TraitRule {
  trait: Trait;
  kinds: readonly ComponentKind[];
  pattern: RegExp;
  absent?: true;
}

const ACTING = ['tool', 'agent', 'mcp-server'] as const;
const MODELS = ['llm', 'ml-model'] as const;
const STORES = ['vector-store', 'datastore', 'dataset', 'memory'] as const;

export const TRAIT_RULES: TraitRule[] = [
  {
    trait: 'side-effects',
    kinds: ACTING,
    pattern:
      /\b(issues?|issuing|creates?|creating|updates?|updating|deletes?|deleting|sends?|sending|posts?|writes?|writing|push(es)?|pushing|transfers?|pays?|refunds?|cancels?|resets?|resetting|merges?|deploys?|executes?|books?|modif(y|ies)|opens? (a )?(pull requests?|PRs?|tickets?)|commits?|charges?|edits?|changes?)\b/i,
  },
  { trait: 'side-effects', kinds: ACTING, pattern: /read-only|read only|cannot (write|modify|change)|only reads|no write access/i, absent: true },
  {
    trait: 'requires-approval',
    kinds: ACTING,
    pattern:
      /\b(clicks?|presses?|hits?) (approve|confirm)\b|approval (card|request|prompt)|\b(human|manual|admin|maintainer|manager|supervisor|operator|reviewer)s? (must |needs? to |has to )?(approv\w*|sign[- ]off|confirm\w*)|requir\w* (a |an )?(human |manual |admin |explicit )?(approval|sign[- ]off|confirmation)|approval (step|queue|workflow|gate)|human[- ]in[- ]the[- ]loop|needs? a human/i,
  },
  { trait: 'requires-approval', kinds: ACTING, pattern: /\bwithout (a |any )?(human|approval|review|sign[- ]off|confirmation)\b/i, absent: true },
  { trait: 'external-egress', kinds: ACTING, pattern: /\b(sends?|posts?)\b[^.]{0,30}\b(e-?mails?|slack|webhooks?|external|internet|SMS)|(http|web) (requests?|fetch)|fetch(es)? (any |arbitrary )?URLs?|\bbrows(e|es|ing)\b|web search|outbound/i },
  { trait: 'executes-code', kinds: ACTING, pattern: /\b(runs?|executes?)\b[^.]{0,30}\b(code|shell|commands?|scripts?|tests|SQL|queries)|\bshell\b|code interpreter|sandbox/i },
  { trait: 'reads-sensitive-data', kinds: ACTING, pattern: /\b(reads?|looks? up|fetch(es)?|access(es)?|retriev\w+)\b[^.]{0,30}\b(orders?|accounts?|customers?|patients?|payments?|personal|PII|HR|salar\w+|cards?|emails?|records)\b/i },
  {
    trait: 'user-writable',
    kinds: STORES,
    pattern:
      /\b(anyone|any user|users|customers|community|the public|external|third parties|candidates|contributors)\b[^.]{0,40}\b(can |may )?(post|write|edit|upload|submit|contribute|add)\w*|forum posts?|community posts?|user[- ]generated|written by anyone/i,
  },
  { trait: 'contains-pii', kinds: STORES, pattern: /\bPII\b|personal (data|information)|e-?mails?|phone|address|order history|card|CVs?|résumés?|medical|health|customer (data|records)/i },
  { trait: 'multi-tenant', kinds: [...STORES, 'service'], pattern: /multi-?tenan\w*|\btenants?\b|several (employers|customers|organi[sz]ations)|shared (index|collection)/i },
  {
    trait: 'third-party',
    kinds: [...ACTING, ...MODELS, 'external-api', 'dataset'],
    pattern: /third[- ]party|community (registry|server|plugin|marketplace)|from (a |the )?(community|public) (registry|marketplace)|open-source (server|plugin|tool)|vendor[- ]hosted|\bhosted by\b|\bOpenAI\b(?![- ]compatible)|\bAnthropic\b|\bBedrock\b/i,
  },
  { trait: 'open-weights', kinds: MODELS, pattern: /hugging ?face|model hub|open[- ]weights?|\bGGUF\b|safetensors/i },
  { trait: 'fine-tuned', kinds: MODELS, pattern: /fine-?tun(e|ed|es|ing)\b|\bLoRA\b/i },
  { trait: 'retrained-from-feedback', kinds: MODELS, pattern: FEEDBACK },
  {
    trait: 'returns-scores',
    kinds: [...MODELS, 'service'],
    pattern: /returns? (the |a |its )?(raw |fraud |risk |similarity |confidence |relevance |match )?(scores?|probabilit\w+|confidences?|reason codes|logits)|(scores?|probabilities) (are |is )?(returned|exposed)/i,
  },
  {
    trait: 'public',
    kinds: [...MODELS, 'service', 'ui'],
    pattern:
      /public (endpoint|API|internet|website|site|chat|page|web)|public-facing|internet-facing|anonymous (users?|visitors?)|unauthenticated|publicly (available|accessible|reachable|exposed)|open to the internet|partner (endpoint|API|merchants?)|external (callers|clients)/i,
  },
  { trait: 'rate-limited', kinds: [...MODELS, 'service', 'ui'], pattern: /rate[- ]limit\w*|throttl\w*|\bquotas?\b|\bmetered\b/i },
  { trait: 'rate-limited', kinds: [...MODELS, 'service', 'ui'], pattern: /\bunmetered\b/i, absent: true },
  { trait: 'renders-output', kinds: ['ui'], pattern: /render\w* (as |in )?(HTML|Markdown)|\b(Markdown|HTML)\b|innerHTML/i },
  { trait: 'persistent', kinds: ['memory', 'vector-store'], pattern: /long-term|persistent|across sessions|memory of (past|previous)/i },
];

/** A system feature implied by a trait on a component of one of these kinds. */
export const FEATURE_FROM_TRAIT: Array<{ trait: Trait; kinds: readonly ComponentKind[]; feature: Feature }> = [
  { trait: 'side-effects', kinds: ACTING, feature: 'tools-with-side-effects' },
  { trait: 'open-weights', kinds: MODELS, feature: 'open-weights-from-hub' },
  { trait: 'fine-tuned', kinds: MODELS, feature: 'fine-tuned' },
  { trait: 'retrained-from-feedback', kinds: MODELS, feature: 'learns-from-feedback' },
  { trait: 'returns-scores', kinds: [...MODELS, 'service'], feature: 'returns-scores' },
  { trait: 'renders-output', kinds: ['ui'], feature: 'output-rendered' },
  { trait: 'user-writable', kinds: ['vector-store'], feature: 'rag-sources-user-writable' },
  { trait: 'contains-pii', kinds: STORES, feature: 'pii' },
  { trait: 'multi-tenant', kinds: [...STORES, 'service'], feature: 'multi-tenant' },
  { trait: 'executes-code', kinds: ACTING, feature: 'code-execution' },
];

/** A trait implied on the only component of a kind when the system has the feature. */
export const TRAIT_FROM_FEATURE: Array<{ feature: Feature; kinds: readonly ComponentKind[]; trait: Trait }> = [
  { feature: 'learns-from-feedback', kinds: MODELS, trait: 'retrained-from-feedback' },
  { feature: 'returns-scores', kinds: ['ml-model'], trait: 'returns-scores' },
  { feature: 'open-weights-from-hub', kinds: MODELS, trait: 'open-weights' },
  { feature: 'fine-tuned', kinds: MODELS, trait: 'fine-tuned' },
  { feature: 'output-rendered', kinds: ['ui'], trait: 'renders-output' },
  { feature: 'rag-sources-user-writable', kinds: ['vector-store'], trait: 'user-writable' },
  { feature: 'third-party-model-api', kinds: ['llm'], trait: 'third-party' },
];

/** Words that, shortly before a match in the same clause, negate it ("no drift monitoring yet"). */
export const NEGATION = /\b(no|not|without|never|none|lacks?|lacking|nor|neither|cannot|can't|don't|doesn't|isn't|aren't|won't|hasn't|haven't|missing|absent)\b[^,;:()]*$/i;
/** Words that end a negation's reach ("no X, but Y"; "not Z; instead"). */
export const NEGATION_BREAK = /\b(but|however|although|though|instead|except|while|whereas|yet the|and the)\b/i;

/** Headings of sections that describe the future: controls named there are not in place yet. */
export const FUTURE_SECTION =
  /\b(open items|open questions|questions|future|next steps|to ?do|roadmap|planned|backlog|wish ?list|ideas|proposals?|follow[- ]ups?|action items|improvements)\b/i;

/** Verbs that open the name of a function a model calls (`create_ticket`, `issueRefund`): what it does. */
export const WRITING_CALL = /^(create|update|delete|remove|send|post|write|reset|issue|refund|transfer|pay|cancel|merge|deploy|execute|exec|run|book|push|open|close|approve|assign|set|add|edit|modify|charge|submit|publish|invite|grant|revoke|upload|move|rename|commit)(?=[_A-Z-]|$)/i;
export const READING_CALL = /^(get|lookup|look_up|search|list|read|fetch|find|query|describe|show|check|retrieve|count|view)(?=[_A-Z-]|$)/i;
