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
  { kind: 'queue', pattern: /\b(queue|kafka|sqs|pub\/?sub|rabbit\w*|event bus|kinesis|stream|topic)\b/i },
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
      /\bmodel\b|xgboost|lightgbm|catboost|classifier|recommender|\branker\b|random forest|gradient[- ]boost|regression|neural net|collaborative filtering/i,
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

export interface FeatureRule {
  feature: Feature;
  pattern: RegExp;
  /** The clause must also match this (a person, for approvals). */
  requires?: RegExp;
  /** The clause must not match this (the model approving, for approvals). */
  excludes?: RegExp;
}

const LLM_NAMES =
  /\bLLMs?\b|large language model|generative (AI|model)|\bGPT[- ]?\d|\bClaude\b|\bGemini\b|\bLlama\b|\bMistral\b|\bMixtral\b|\bQwen|\bDeepSeek\b|chat completions?|foundation model|\bBedrock\b|\bvLLM\b|\bOllama\b/i;
const FEEDBACK =
  /(retrain|re-train|fine-?tun|train)\w*\b[^.]*\b(feedback|reports?|labels?|ratings?|clicks?|click logs|thumbs|chargebacks?|corrections?|flags?)\b|\b(feedback|reports?|ratings?|thumbs[- ]up|clicks?|click logs|chargebacks?|labels?)\b[^.]*\b(feeds?|fed|used|go(es)?|flows?|become)\b[^.]*\b(training|retrain\w*|model)\b|online learning|active learning|\bRLHF\b|learn\w* from (user )?(feedback|behaviou?r)/i;

/** Capabilities: facts that raise a risk. They read wide: a mention that is not negated makes them present. */
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
    feature: 'system-prompt-secrets',
    pattern:
      /(API keys?|credentials?|passwords?|secrets?|tokens?)\b[^.]{0,30}\b(in|inside|included in|embedded in|part of) the (system )?prompt|system prompt (contains|includes|holds|has)\b[^.]*\b(keys?|credentials?|secrets?|passwords?|internal|confidential)/i,
  },
  {
    feature: 'human-labeling',
    pattern:
      /\b(annotat\w+|label(?:l)?(?:ing|ers?|ed)|hand-labell?ed|tagg(?:ing|ers)|raters?|rating team|ground[- ]truth (team|labels))\b[^.]{0,60}\b(team|vendor|contractor|staff|crowd\w*|workers?|annotators?|radiologists?|analysts?|experts?|clinicians?|reviewers?|by hand|manually|turk)\b|\b(team|vendor|contractor|staff|crowd\w*|workers?|annotators?|radiologists?|analysts?|experts?|clinicians?|operators?)\b[^.]{0,40}\b(label|annotate|tag|rate|mark)s?\b|\bhuman[- ](labell?ed|annotated|labels)\b|\bannotation (vendor|contractor|team|tool|platform)\b|\blabel(l)?ing (vendor|contractor|team|tool|platform|queue)\b/i,
  },
];

/**
 * Controls: facts that lower a risk. The pattern only finds the words; whether the control is in
 * place is the clause's reading (negated, planned, hedged, conditional…), and which components it
 * covers is where the sentence puts it.
 */
const PERSON =
  /\b(humans?|persons?|people|managers?|supervisors?|operators?|admins?|administrators?|reviewers?|maintainers?|staff|employees?|analysts?|officers?|leads?|approvers?|owners?|users?|customers?|travell?ers?|clinicians?|doctors?|radiologists?|lawyers?|accountants?|recruiters?|moderators?|someone|engineers?|team|technicians?|specialists?|clerks?|nurses?|pharmacists?|dispatchers?|controllers?|auditors?|on-call|requesters?|guests?|patients?|members?|(?:human|support|live|service|call[- ]cent(?:re|er)) agents?|agents? (?:in|on|from) (?:the )?(?:queue|desk|team))\b/i;
const MACHINE_APPROVAL =
  /\b(automatic\w*|auto-?approv\w*|by (?:the |a |an )?(?:model|llm|ai|classifier|judge|bot|system|rules? engine|policy engine|script)|(?:model|llm|ai) (?:judge|approv\w*)|self-approv\w*)\b/i;

/** What a model produces: human review is review of these, not of articles or code written by people. */
const MODEL_OUTPUT =
  /\b(?:answers?|responses?|outputs?|predictions?|decisions?|scores?|summar(?:y|ies)|drafts?|suggestions?|recommendations?|results?|classifications?|verdicts?|flags?|flagged|shortlists?|replies|reply|generated|model|models|ai|llm|bot|agent|pull requests?|PRs?|code changes?|diffs?|extractions?|extracted|matches|alerts?|cases?|labels?|rankings?|ranked|transcripts?|notes|letters?|reports?|findings|detections?|bans?|actions?|proposals?|plans?|triage|every (?:decision|item|call))\b/i;

export const CONTROL_RULES: FeatureRule[] = [
  {
    feature: 'authentication',
    // Callers prove who they are. A key the system holds for a provider ("API key in Secrets Manager") is not this.
    pattern:
      /\bauthenticat(?:ed|es|ion|e)\b|\b(?:requires?|needs?|behind) (?:a )?(?:login|sign[- ]in|SSO)\b|\b(?:SSO|OAuth ?2?|OIDC|SAML|mTLS|mutual TLS)\b|\bJWTs?\b|\bbearer tokens?\b|\bsession cookies?\b|\bper-(?:partner|client|user|merchant|customer|tenant|team) API keys?\b|\b(?:with|by) (?:an? |their )?API keys?\b|\bIAM (?:auth|authentication|roles? required)\b/i,
    // A gateway "performing transformation and authentication" on the way to a backend signs outbound calls.
    excludes: /\bupstream\b|\boutbound\b|\b(?:transformation|routing|forwarding|proxying) and authentication\b|\bcloud credentials\b|\bbackends?\b|(?<!identity |OAuth |OIDC |SSO |auth |login )\bproviders?\b|\b(?:authenticat\w+) (?:to|with|against) (?:the )?(?:OpenAI|Anthropic|Azure|provider|vendor|upstream|model API|backends?)\b|\bAPI keys? (?:in|from|for) (?:the )?(?:OpenAI|Anthropic|provider|vendor|secrets? manager|vault|env)/i,
  },
  {
    feature: 'tool-approval',
    pattern:
      /\b(?:approvals?|sign[- ]off|human[- ]in[- ]the[- ]loop|HITL|four[- ]eyes|two[- ]person rule|confirmation (?:step|dialog|prompt|button|card|screen))\b|\b(?:needs?|requires?|waits? for) (?:a |an )?(?:human|person|click|confirm\w*)\b|\b(?:human|manual|explicit|user|operator)(?:'s)? (?:click|confirmation|ok|go-ahead|sign[- ]off)\b/i,
    excludes: MACHINE_APPROVAL,
  },
  {
    feature: 'tool-approval',
    // A person approves: "an on-call engineer approves", "approved by a team lead", "waits for a technician to approve it".
    pattern: new RegExp(
      String.raw`${PERSON.source}\s+(?:\w+\s+){0,2}?(?:must |needs? to |has to |have to |will |then |first )?(?:approv(?:e|es|ed|ing)|signs? off|confirms? (?:the |each |every )?\w+|clicks? (?:approve|confirm|accept|ok|allow|yes))\b|\bapprov(?:ed|al) (?:by|from) (?:a |an |the )?${PERSON.source}|\b${PERSON.source}(?:'s|’s) (?:approval|sign[- ]off|confirmation|go-ahead|ok)\b|\bfor (?:a |an |the )?${PERSON.source} to (?:approve|confirm|sign off)\b`,
      'i',
    ),
    excludes: MACHINE_APPROVAL,
  },
  {
    feature: 'human-review',
    pattern:
      /\b(?:human|manual|expert|clinical|editorial) (?:review|check|checks|oversight|verification|inspection|vetting|validation)\b|\breviewed by\b|\breview queue\b|\bspot[- ]checks?\b|\bsecond (?:reader|opinion|pair of eyes)\b/i,
    requires: MODEL_OUTPUT,
    excludes: /\b(?:by (?:the |a |an )?(?:model|llm|ai|classifier|judge|bot))\b/i,
  },
  {
    feature: 'human-review',
    pattern: /\b(?:review|check|read|reads|verify|verifies|vet|vets|inspect|inspects|validate|validates|approve|approves|sign off)\b/i,
    requires: new RegExp(
      `(?:${/\b(?:recruiters?|analysts?|maintainers?|reviewers?|radiologists?|clinicians?|doctors?|moderators?|editors?|lawyers?|accountants?|humans?|(?:a|the|an) (?:person|officer|human)|staff|operators?|support leads?|agents? on the desk)\b[^.]{0,40}\b(?:reviews?|checks?|reads?|verif\w+|vets?|inspects?|validates?|approves?|signs? off)\b|\b(?:reviews?|checks?|reads?|verif\w+|vets?|inspects?|validates?) (?:by|from) (?:a |an |the )?(?:human|person|recruiter|analyst|reviewer|radiologist|clinician|moderator)/.source})[^]*?${MODEL_OUTPUT.source}|${MODEL_OUTPUT.source}[^]*?(?:${/\b(?:recruiters?|analysts?|maintainers?|reviewers?|radiologists?|clinicians?|doctors?|moderators?|editors?|lawyers?|accountants?|humans?|(?:a|the|an) (?:person|officer|human)|staff|operators?|support leads?)\b[^.]{0,40}\b(?:reviews?|checks?|reads?|verif\w+|vets?|inspects?|validates?|approves?|signs? off)\b/.source})`,
      'i',
    ),
    excludes: /\b(?:by (?:the |a |an )?(?:model|llm|ai|classifier|judge|bot))\b/i,
  },
  {
    feature: 'rate-limiting',
    // A provider's limit on us is not our control ("OpenAI rate-limits us", "the worker backs off on 429s").
    excludes:
      /\b(?:throttles? us|rate[- ]limits? us|limits us|we (?:get|are|were|got) (?:throttled|rate[- ]limited)|(?:provider|vendor|upstream|their)(?:'s)? (?:rate )?limits?|(?:by|from) (?:the )?(?:provider|vendor|upstream)|backs? off|back-?off|retr(?:y|ies) on (?:a |an )?(?:http )?429|(?:we|our \w+|it|the (?:worker|client|job|service)) (?:get|gets|got|receive|receives|hit|hits)\b[^.]{0,20}\b429)\b/i,
    pattern:
      /\brate[- ]?limit\w*|\bthrottl\w*|\bquotas?\b|\b(?:token|spend|cost|usage) (?:budgets?|limits?|caps?|quotas?) (?:per|for each|on each) (?:user|customer|tenant|account|team|session|seat|task|run|job|conversation|request|api key)\b|\b(?:per[- ]|each )(?:user|customer|tenant|account|team|session|seat|task|run|job|conversation)\b[^.]{0,30}\b(?:token|spend|cost|usage) (?:budgets?|limits?|caps?|quotas?)\b|\b(?:token|spend|cost) (?:budgets?|limits?|caps?) per (?:user|customer|tenant|account|team|session|task|run|job|conversation|request)\b|\bmetered\b|\busage limits?\b|\b(?:requests?|calls?|queries|messages|tokens|invocations)(?: per (?:minute|second|hour|day|user|key|account|client))?\b[^.]{0,25}\b(?:capped|limited|throttled)\b|\b(?:capped|limited) (?:at|to) \d[\d,.]*\s?(?:k\s)?(?:requests?|calls?|queries|messages|tokens|rpm|rps|qps|req)\b|\b\d[\d,.]*\s?(?:requests?|req|calls?|queries|messages)\s?(?:\/|per)\s?(?:s|sec|second|min|minute|h|hour|day|user|key)\b|\b(?:rpm|rps|qps) limit\b/i,
  },
  {
    feature: 'prompt-logging',
    pattern:
      /\b(?:prompts?|conversations?|chats?|transcripts?|answers|completions|tool calls?|messages|model (?:inputs|outputs|calls)|requests and responses|inputs and outputs|llm calls?)\b[^.]{0,40}\b(?:logged|recorded|stored|retained|persisted|written to|captured|traced|kept)\b|\blog(?:s|ged|ging)? (?:all |every |each |the )?(?:prompts?|conversations?|tool calls?|model calls?|requests and responses|llm calls?)\b|\b(?:langsmith|langfuse|helicone|phoenix|arize)\b[^.]{0,20}\b(?:tracing|traces|logs?)\b|\bprompt (?:logs?|logging|traces?)\b|\blog(?:s|ged|ging)?\b[^.]{0,60}\b(?:every |each |all )?(?:prompts?|completions|conversations?)\b/i,
  },
  {
    feature: 'decision-logging',
    pattern:
      /\b(?:decisions?|scores?|predictions?|outcomes?|verdicts?|rankings?|classifications?)\b[^.]{0,30}\b(?:logged|recorded|stored|written|persisted|audited)\b|\baudit (?:trail|log|logs|table)\b|\bdecision logs?\b|\bmodel[_ ]version\b[^.]{0,30}\b(?:recorded|logged|stored|stamped|saved)\b|\b(?:recorded|logged|stored|stamped|saved)\b[^.]{0,20}\bmodel[_ ]version\b|\blog(?:s|ged|ging)?\b[^.]{0,40}\b(?:decisions?|scores?|predictions?|verdicts?)\b/i,
  },
  {
    feature: 'drift-monitoring',
    pattern:
      /\bdrift\b|\bpopulation stability\b|\bPSI\b|\bdata quality monitoring\b|\bmodel (?:performance |quality )?monitoring\b|\bmonitor\w* (?:the )?(?:model|models|predictions|accuracy|precision|recall|auc|quality|score distributions?)\b|\beval(?:uation)? (?:suite|harness|set)s? (?:runs?|on|against)\b|\b(?:nightly|weekly|daily|continuous) eval\w*\b|\bshadow (?:mode|evaluation)\b/i,
  },
  {
    feature: 'model-version-pinned',
    pattern:
      /\bpinned (?:model )?versions?\b|\bversion[- ]pinned\b|\bpin(?:s|ned)? (?:the |a |each )?(?:model|version|weights|snapshot)\b|\bmodel snapshot\b|\bdated (?:model )?(?:version|snapshot)\b|\bgpt-[\w.]+-\d{4}-\d{2}-\d{2}\b|\b(?:model|weights?)\b[^.]{0,20}\bpinned\b|\bimmutable (?:model )?(?:versions?|tags?)\b/i,
  },
  {
    feature: 'artifact-verification',
    pattern:
      /\b(?:checksums?|sha-?256|hash(?:es)?|digests?|signatures?|signed|sigstore|cosign|provenance)\b[^.]{0,40}\b(?:models?|artifacts?|weights|checkpoints?|datasets?|images?)\b|\b(?:models?|artifacts?|weights|checkpoints?|datasets?)\b[^.]{0,40}\b(?:checksums?|sha-?256|hash(?:es)?|digests?|signatures?|signed|verified)\b|\bverif\w+ (?:the )?(?:model|artifact|weights|checkpoint)s?\b/i,
  },
  {
    feature: 'output-filtering',
    pattern:
      /\bguardrails?\b|\bcontent (?:filter\w*|safety|moderation)\b|\bmoderation (?:api|endpoint|model|layer|pass|check|filter)\b|\boutput (?:filter\w*|validation|validator|sanitiz\w*|checks?|rails?|guard)\b|\bllama guard\b|\bnemo guardrails\b|\bsanitiz\w+ (?:the )?(?:output|answers?|responses?|html|markdown)\b|\bdompurify\b|\bpii (?:redaction|scrubbing|masking) (?:of|on) (?:the )?(?:output|answers?|responses?)\b/i,
  },
  {
    feature: 'data-validation',
    pattern:
      /\b(?:data|schema|input|label|training[- ]data|feature) (?:validation|checks?|quality checks?|contracts?)\b|\bvalidat\w+ (?:the )?(?:training )?(?:data|inputs?|labels?|features|schema|rows|records|events)\b|\b(?:outlier|anomaly|poison\w*|duplicate|distribution) (?:detection|checks?|screen\w*|filter\w*) (?:on|of|for) (?:the )?(?:training )?(?:data|labels|samples|inputs)\b|\bgreat expectations\b|\bdeequ\b|\btfdv\b|\bquarantin\w+\b/i,
  },
];

export interface TraitRule {
  trait: Trait;
  kinds: readonly ComponentKind[];
  pattern: RegExp;
  /** An affirmed match states the trait is absent ("read-only" for side effects). */
  absent?: true;
  requires?: RegExp;
  excludes?: RegExp;
}

const ACTING = ['tool', 'agent', 'mcp-server'] as const;
const MODELS = ['llm', 'ml-model'] as const;
const STORES = ['vector-store', 'datastore', 'dataset', 'memory'] as const;

export const TRAIT_RULES: TraitRule[] = [
  {
    trait: 'side-effects',
    kinds: ACTING,
    pattern:
      /\b(issues?|issuing|creates?|creating|updates?|updating|deletes?|deleting|sends?|sending|posts?|writes?|writing|push(es)?|pushing|transfers?|pays?|refunds?|cancels?|resets?|resetting|merges?|deploys?|executes?|books?|modif(y|ies)|opens? (a )?(pull requests?|PRs?|tickets?)|commits?|charges?|edits?|changes?|places? (an )?orders?|submits?|emails?|messages|notif(y|ies)|controls?|unlocks?|locks?|starts?|stops?)\b/i,
  },
  { trait: 'side-effects', kinds: ACTING, pattern: /\bread-only\b|\bread only\b|\bonly reads\b|\bno write access\b|\bcannot (?:write|modify|change)\b/i, absent: true },
  { trait: 'external-egress', kinds: ACTING, pattern: /\b(sends?|posts?)\b[^.]{0,30}\b(e-?mails?|slack|webhooks?|external|internet|SMS)|(http|web) (requests?|fetch)|fetch(es)? (any |arbitrary )?URLs?|\bbrows(e|es|ing)\b|web search|outbound/i },
  { trait: 'executes-code', kinds: ACTING, pattern: /\b(runs?|executes?)\b[^.]{0,30}\b(code|shell|commands?|scripts?|tests|SQL|queries)|\bshell\b|code interpreter|sandbox/i },
  { trait: 'reads-sensitive-data', kinds: ACTING, pattern: /\b(reads?|looks? up|fetch(es)?|access(es)?|retriev\w+)\b[^.]{0,30}\b(orders?|accounts?|customers?|patients?|payments?|personal|PII|HR|salar\w+|cards?|emails?|records)\b/i },
  {
    trait: 'user-writable',
    kinds: STORES,
    pattern:
      /\b(anyone|any user|any employee|any customer|users|customers|employees|community|the public|external|third parties|candidates|contributors)\b[^.]{0,40}\b(can |may )?(post|write|edit|upload|submit|contribute|add)\w*|forum posts?|community posts?|user[- ]generated|written by anyone/i,
  },
  { trait: 'contains-pii', kinds: STORES, pattern: /\bPII\b|personal (data|information)|e-?mails?|phone|address|order history|card|CVs?|résumés?|medical|health|customer (data|records)|patients?/i },
  { trait: 'multi-tenant', kinds: [...STORES, 'service'], pattern: /multi-?tenan\w*|\btenants?\b|several (employers|customers|organi[sz]ations)|shared (index|collection)/i },
  {
    trait: 'third-party',
    kinds: [...ACTING, ...MODELS, 'external-api', 'dataset'],
    pattern: /third[- ]party|community (registry|server|plugin|marketplace)|from (a |the )?(community|public) (registry|marketplace)|open-source (server|plugin|tool)|vendor[- ]hosted|\bhosted by\b|\bOpenAI\b(?![- ]compatible)|\bAnthropic\b|\bBedrock\b/i,
  },
  { trait: 'open-weights', kinds: MODELS, pattern: /hugging ?face|model hub|open[- ]weights?|\bGGUF\b|safetensors|pretrained weights/i },
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
  { trait: 'rate-limited', kinds: [...MODELS, 'service', 'ui'], pattern: /\bunmetered\b|\bunlimited (?:requests|queries|calls|tokens)\b/i, absent: true },
  {
    trait: 'authenticated',
    kinds: ['service', 'ui', 'tool', 'mcp-server', 'datastore', 'vector-store', 'queue', 'memory'],
    pattern: /\bunauthenticated\b|\bno (?:auth|authentication|login|sign-in)\b|\bwithout (?:any )?(?:auth|authentication|logging in|signing in|a login|an account)\b|\banyone (?:on the internet )?can (?:call|reach|use|query)\b|\bopen to anyone\b/i,
    absent: true,
  },
  {
    trait: 'fetches-urls',
    kinds: ['tool', 'service', 'agent', 'mcp-server'],
    pattern:
      /\bfetch(?:es|ing)?\b[^.]{0,25}\b(?:URLs?|web ?pages?|pages|links?|websites?)\b|\bbrows(?:e|es|ing)\b[^.]{0,10}\b(?:web|internet|pages?)\b|\bweb (?:browsing|fetch|scraping)\b|\bdownloads?\b[^.]{0,20}\b(?:URLs?|links?)\b|\bscrap(?:e|es|ing)\b[^.]{0,15}\b(?:web|pages?|sites?)\b|\bcrawl(?:s|er|ing)?\b/i,
  },
  {
    trait: 'file-access',
    kinds: ['tool', 'service', 'agent', 'mcp-server'],
    pattern: /\b(?:reads?|writes?|edits?|opens?|deletes?|creates?|modif(?:y|ies))\b[^.]{0,20}\bfiles?\b|\bfile ?system\b|\bfiles? (?:tool|access)\b/i,
  },
  { trait: 'receives-webhooks', kinds: ['service', 'tool', 'agent'], pattern: /\bwebhooks?\b/i },
  {
    trait: 'holds-secrets',
    kinds: ['datastore', 'service'],
    pattern: /\bsecrets? (?:manager|store|vault)\b|\bkey ?vault\b|\bHashiCorp Vault\b|\b(?:stores?|holds?|keeps?)\b[^.]{0,20}\b(?:secrets|credentials|API keys|private keys|tokens)\b/i,
  },
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

/**
 * Headings that frame what is under them. Future: roadmaps, next steps, open questions — nothing
 * there is in place yet. Not a fact: options considered and rejected, non-goals, out of scope —
 * nothing there is part of the system. Caution: risks, limitations, gaps — controls named there
 * are never read as in place.
 */
export const FUTURE_HEADING =
  /\b(open items|open questions|open issues|questions?|future|next steps?|to ?dos?|roadmap|planned|plans?|backlog|wish ?list|ideas|proposals?|proposed|follow[- ]ups?|action items|improvements|phase (?:2|3|4|ii|iii|iv|two|three|four)|v2|later|not (?:yet )?(?:implemented|done|in place)|upcoming|pending|work in progress|wip|coming soon)\b/i;
export const NOT_FACT_HEADING =
  /\b(considered (?:options|alternatives)|options considered|alternatives(?: considered)?|rejected|non[- ]goals?|out of scope|not in scope|deprecated|legacy|previous (?:design|architecture|version)|old (?:design|architecture)|appendix|glossary|references|further reading|changelog|history|comparison|vs\.?|faq)\b/i;
export const CAUTION_HEADING = /\b(risks?|limitations?|known (?:gaps|issues|problems)|gaps|concerns|threats?|weaknesses|caveats|security (?:debt|gaps)|issues|considerations)\b/i;

/** Verbs that open the name of a function a model calls (`create_ticket`, `issueRefund`): what it does. */
export const WRITING_CALL = /^(create|update|delete|remove|send|post|write|reset|issue|refund|transfer|pay|cancel|merge|deploy|execute|exec|run|book|push|open|close|approve|assign|set|add|edit|modify|charge|submit|publish|invite|grant|revoke|upload|move|rename|commit|place|reserve|unlock|lock|start|stop|notify|email|message|apply)(?=[_A-Z-]|$)/i;
export const READING_CALL = /^(get|lookup|look_up|search|list|read|fetch|find|query|describe|show|check|retrieve|count|view|summari[sz]e|explain|estimate|calculate|compute|quote|validate)(?=[_A-Z-]|$)/i;
