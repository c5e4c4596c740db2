"""Train the shipped SAE: smollm2-135m, blocks.18.hook_resid_post -> featurectl/assets/saes/smollm2-135m-l18/.

Layer 18 of 30: deep enough for abstract features (the FPO paper's layer ablation favours
the middle-to-late residual stream) while leaving later layers free for users.

Text (all offline and licence-clean):
  * the Python language reference topics shipped in the stdlib (``pydoc_data``, PSF);
  * stdlib module/class/function docstrings and some source code (PSF), read with ``ast``
    without importing anything;
  * French paragraphs written for this script, and seeded synthetic JSON documents;
  * the featurectl domain corpora (``featurectl/data/corpora/*.jsonl``, train split only,
    so discovery's held-out rows stay unseen), when present;
  * about half of the above wrapped in the model's chat template, because FPO training
    data is chat-formatted.

Usage (one CPU thread; the activation cache makes reruns cheap):
    python scripts/train_default_sae.py --cache DIR [--collect-only]   # DIR outside the repository
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import random
import sys
import sysconfig
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "featurectl" / "assets" / "saes" / "smollm2-135m-l18"
MAX_CHARS = 900  # ~200-250 tokens: chunks fit the 256-token context without truncation
DOCSTRING_CAP = 650  # texts per docstring source (plain, chat)
HELDOUT_FRACTION = 0.08  # of texts, chosen by sha256 of the text (featurectl.sae.split_heldout)
CHECK_TEXTS = 120  # held-out texts shipped for `featurectl sae check`
DOMAIN_CAP = 150  # train rows per domain corpus (two texts each: target and control)

FRENCH = [
    "Le marché du samedi matin est le cœur du village. On y trouve des fromages de chèvre, du pain encore "
    "chaud et des légumes cueillis la veille. Les habitants prennent le temps de discuter avec les "
    "producteurs avant de repartir, le panier plein.",
    "Pour préparer une pâte à crêpes, mélangez deux cents grammes de farine, trois œufs et un demi-litre de "
    "lait. Ajoutez une pincée de sel et une cuillère d'huile, puis laissez reposer la pâte une heure au frais.",
    "La Loire est le plus long fleuve de France. Elle traverse des villes comme Orléans, Tours et Nantes "
    "avant de se jeter dans l'océan Atlantique. Ses châteaux attirent chaque année des millions de visiteurs.",
    "Bonjour, je voudrais réserver une table pour quatre personnes ce soir vers vingt heures. Est-ce qu'il "
    "vous reste de la place en terrasse ? Nous aimerions aussi savoir si vous proposez un menu végétarien.",
    "L'apprentissage automatique permet à un programme d'améliorer ses performances à partir d'exemples. "
    "Au lieu d'écrire chaque règle à la main, on ajuste les paramètres d'un modèle pour réduire son erreur.",
    "Il pleuvait depuis trois jours et la rivière commençait à déborder. Les enfants regardaient par la "
    "fenêtre, impatients de sortir leurs bottes et de sauter dans les flaques dès la fin de l'averse.",
    "Merci pour votre message. Je vous confirme que la livraison aura lieu mardi prochain entre neuf heures "
    "et midi. N'hésitez pas à me contacter si vous avez la moindre question.",
    "La Révolution française a profondément transformé la société. L'abolition des privilèges, la "
    "Déclaration des droits de l'homme et du citoyen et la fin de la monarchie absolue en sont les étapes clés.",
    "Pour installer la bibliothèque, ouvrez un terminal et lancez la commande d'installation. Vérifiez ensuite "
    "la version avec l'option prévue à cet effet. En cas d'erreur, consultez le fichier de journalisation.",
    "Le chat s'est endormi sur le rebord de la fenêtre, au soleil. De temps en temps, il ouvre un œil pour "
    "surveiller les oiseaux du jardin, puis se rendort paisiblement.",
    "Une alimentation équilibrée comprend des fruits, des légumes, des céréales complètes et des protéines. "
    "Il est conseillé de boire de l'eau régulièrement et de limiter les produits très sucrés.",
    "Le train à destination de Lyon partira avec vingt minutes de retard en raison d'un incident technique. "
    "Nous vous prions de nous excuser pour la gêne occasionnée.",
    "Les mathématiques sont partout : dans la musique, dans l'architecture et même dans la nature. La suite "
    "de Fibonacci, par exemple, apparaît dans la disposition des graines de tournesol.",
    "Chère Madame, je vous écris afin de solliciter un entretien pour le poste de bibliothécaire publié sur "
    "votre site. Mon expérience dans la gestion de collections me semble correspondre à vos attentes.",
    "À la montagne, le temps change très vite. Avant une randonnée, il faut consulter la météo, emporter "
    "de l'eau, un vêtement chaud et prévenir quelqu'un de son itinéraire.",
    "Ce roman raconte l'histoire d'une jeune femme qui quitte sa Bretagne natale pour s'installer à Paris. "
    "Elle y découvre la solitude, puis l'amitié, et finit par ouvrir sa propre librairie.",
    "Le recyclage permet de réduire la quantité de déchets envoyés à la décharge. Le verre, le papier et "
    "certains plastiques peuvent être transformés en nouveaux objets.",
    "Dans cette fonction, la variable compteur est incrémentée à chaque passage dans la boucle. Quand elle "
    "atteint la limite fixée, la fonction renvoie la liste des résultats.",
    "Le festival de musique a réuni plus de dix mille spectateurs ce week-end. Les concerts se sont "
    "prolongés tard dans la nuit malgré la fraîcheur.",
    "Je ne suis pas d'accord avec cette décision. Elle a été prise trop rapidement, sans consulter les "
    "personnes concernées, et ses conséquences n'ont pas été étudiées.",
    "Le soleil se couchait sur la baie. Les bateaux de pêche rentraient au port, suivis par des mouettes "
    "bruyantes, et l'odeur du sel flottait dans l'air du soir.",
    "Quelle est la différence entre une liste et un tuple en Python ? Une liste peut être modifiée après sa "
    "création, alors qu'un tuple est immuable.",
    "Notre équipe a terminé le projet avant la date prévue. Je tiens à remercier chacun pour son travail, "
    "sa patience et sa bonne humeur tout au long de ces mois.",
    "Le musée propose une exposition consacrée aux peintres impressionnistes. On peut y admirer des œuvres "
    "de Monet, de Renoir et de Berthe Morisot.",
]
FR_QUESTIONS = [
    "Peux-tu m'écrire un court texte en français ?",
    "Écris un paragraphe en français, s'il te plaît.",
    "Raconte-moi quelque chose en français.",
    "Réponds en français : de quoi parle ce texte ?",
]
EN_QUESTIONS = [
    "What does `{name}` do?",
    "Explain the Python API `{name}`.",
    "Can you document `{name}` for me?",
    "I'm reading the code of `{name}`. What is it for?",
    "Que fait `{name}` ? Réponds en anglais.",
]
JSON_QUESTIONS = [
    "Return the record as JSON.",
    "Give me this data in JSON format.",
    "Answer only with a JSON object describing the item.",
    "Convert this to JSON, please.",
]


def chunk(text: str, limit: int = MAX_CHARS) -> list[str]:
    """Split on blank lines, then pack paragraphs into pieces of at most ``limit`` chars."""
    out, cur = [], ""
    for para in (p.strip() for p in text.split("\n\n")):
        if not para:
            continue
        while len(para) > limit:  # very long paragraph: cut at a space
            cut = para.rfind(" ", 0, limit)
            cut = cut if cut > limit // 2 else limit
            out.append(para[:cut])
            para = para[cut:].strip()
        if cur and len(cur) + len(para) + 2 > limit:
            out.append(cur)
            cur = ""
        cur = f"{cur}\n\n{para}" if cur else para
    if cur:
        out.append(cur)
    return [c for c in out if len(c) >= 60]


def stdlib_files() -> list[Path]:
    root = Path(sysconfig.get_paths()["stdlib"])
    skip = ("test", "tests", "idlelib", "lib2to3", "site-packages", "ensurepip", "turtledemo", "tkinter")
    files = [p for p in root.rglob("*.py") if not any(part in skip for part in p.relative_to(root).parts)]
    return sorted(files)


def stdlib_docs_and_code(rng: random.Random) -> tuple[list[tuple[str, str]], list[str]]:
    """(name, docstring) pairs and source snippets from the stdlib, parsed with ast."""
    docs, code, seen = [], [], set()
    for path in stdlib_files():
        try:
            source = path.read_text(encoding="utf-8")
            tree = ast.parse(source)
        except (SyntaxError, UnicodeDecodeError, ValueError):
            continue
        mod = path.stem
        nodes = [(mod, tree)] + [
            (f"{mod}.{n.name}", n)
            for n in ast.walk(tree)
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        ]
        for name, node in nodes:
            doc = ast.get_docstring(node)
            if doc and len(doc) >= 120 and doc not in seen:
                seen.add(doc)
                docs.append((name, doc))
            if isinstance(node, ast.FunctionDef) and rng.random() < 0.04:
                seg = ast.get_source_segment(source, node)
                if seg and 200 <= len(seg) <= MAX_CHARS:
                    code.append(seg)
    return docs, code


def pydoc_topics() -> list[str]:
    from pydoc_data.topics import topics

    return [c for key in sorted(topics) for c in chunk(topics[key])]


def json_documents(rng: random.Random, n: int) -> list[dict]:
    names = ["Alice", "Bob", "Chloé", "Dmitri", "Emma", "Farid", "Grace", "Hiro", "Inès", "Jonas", "Kofi", "Lena"]
    cities = ["Paris", "Lyon", "Nairobi", "Osaka", "Lima", "Oslo", "Austin", "Porto", "Montréal", "Hanoi"]
    items = ["laptop", "bicycle", "teapot", "notebook", "guitar", "backpack", "lamp", "camera", "kettle", "desk"]
    tags = ["new", "sale", "eco", "refurbished", "limited", "popular", "gift", "bulk"]
    docs = []
    for i in range(n):
        kind = rng.randrange(4)
        if kind == 0:
            d = {"id": rng.randrange(10_000), "name": rng.choice(names), "age": rng.randint(18, 90),
                 "city": rng.choice(cities), "active": rng.random() < 0.5}
        elif kind == 1:
            d = {"order_id": f"A{rng.randrange(10**6):06d}", "customer": rng.choice(names),
                 "items": [{"sku": rng.choice(items), "qty": rng.randint(1, 5), "price": round(rng.uniform(2, 900), 2)}
                           for _ in range(rng.randint(1, 4))],
                 "shipped": rng.random() < 0.7}
        elif kind == 2:
            d = {"product": rng.choice(items), "tags": rng.sample(tags, rng.randint(1, 3)),
                 "rating": round(rng.uniform(1, 5), 1), "reviews": rng.randint(0, 5000),
                 "dimensions": {"w": rng.randint(5, 120), "h": rng.randint(5, 120), "unit": "cm"}}
        else:
            d = {"city": rng.choice(cities), "date": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                 "temperature_c": round(rng.uniform(-10, 38), 1), "conditions": rng.choice(["sunny", "rain", "snow", "cloudy"]),
                 "wind_kmh": rng.randint(0, 90)}
        docs.append(d)
    return docs


def corpus_rows(corpora_dir: Path, rng: random.Random) -> list[dict]:
    """Train-split rows of each domain corpus, at most DOMAIN_CAP per file."""
    rows = []
    for path in sorted(corpora_dir.glob("*.jsonl")):
        lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
        train = [r for r in map(json.loads, lines) if r.get("split", "train") == "train"]
        rows += [train[i] for i in sorted(rng.sample(range(len(train)), min(DOMAIN_CAP, len(train))))]
    return rows


def build_texts(tokenizer, corpora_dir: Path, seed: int = 0) -> tuple[list[str], dict]:
    """The training texts (plain and chat-formatted) and a count per source."""
    rng = random.Random(seed)

    def chat(user: str, assistant: str) -> str:
        return tokenizer.apply_chat_template(
            [{"role": "user", "content": user}, {"role": "assistant", "content": assistant}], tokenize=False
        )

    docs, code = stdlib_docs_and_code(rng)
    sources: dict[str, list[str]] = {"pydoc_topics": pydoc_topics()}
    plain_docs, chat_docs = [], []
    for name, doc in docs:
        pieces = chunk(doc)
        if rng.random() < 0.5:
            plain_docs.extend(pieces)
        else:
            q = rng.choice(EN_QUESTIONS).format(name=name)
            chat_docs.extend(chat(q, p) for p in pieces)
    sources["stdlib_docstrings"] = plain_docs
    sources["stdlib_docstrings_chat"] = chat_docs
    sources["stdlib_code"] = [f"```python\n{c}\n```" if rng.random() < 0.5 else c for c in code]
    sources["french"] = FRENCH + [chat(rng.choice(FR_QUESTIONS), p) for p in FRENCH]
    jdocs = json_documents(rng, 1500)
    sources["json"] = [json.dumps(d, ensure_ascii=False, indent=rng.choice([None, 2])) for d in jdocs[:600]]
    sources["json_chat"] = [
        chat(f"{rng.choice(JSON_QUESTIONS)} {', '.join(f'{k}: {v}' for k, v in d.items() if not isinstance(v, (list, dict)))}",
             json.dumps(d, ensure_ascii=False, indent=2 if rng.random() < 0.5 else None))
        for d in jdocs[600:]
    ]
    # Cap the big sources so collection fits a shared 2-core CPU (~400k tokens in all).
    # A separate rng keeps every text above unchanged, and with it the cached activations.
    cap = random.Random(seed + 1)
    for name in ("stdlib_docstrings", "stdlib_docstrings_chat"):
        keep = sorted(cap.sample(range(len(sources[name])), min(DOCSTRING_CAP, len(sources[name]))))
        sources[name] = [sources[name][i] for i in keep]
    rows = corpus_rows(corpora_dir, cap)
    sources["domain_corpora_chat"] = [
        chat(r["prompt"], r[side]) for r in rows for side in ("target", "control") if r.get(side)
    ]
    # Domain corpora last: activations are cached per group of texts in order, so corpora
    # that appear later only add groups instead of invalidating the cached ones.
    order = sorted(sources, key=lambda name: (name == "domain_corpora_chat", name))
    texts = [t for name in order for t in sources[name]]
    seen, unique = set(), []
    for t in texts:  # exact duplicates would leak between the train and held-out splits
        if t not in seen:
            seen.add(t)
            unique.append(t)
    return unique, {k: len(v) for k, v in sources.items()}


def write_card(out: Path) -> Path:
    """README.md beside the SAE: what it is, how it was trained, how well it reconstructs."""
    recipe = json.loads((out / "recipe.json").read_text(encoding="utf-8"))
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    h = metrics["heldout"]
    size_mb = (out / "sae_weights.safetensors").stat().st_size / 2**20
    sources = "\n".join(f"| {k} | {v} |" for k, v in recipe["texts_per_source"].items())
    text = f"""# smollm2-135m-l18: TopK SAE on SmolLM2-135M-Instruct, layer 18 residual stream

Load with `featurectl.sae.load_sae({{"path": "builtin:smollm2-135m-l18"}})` or sae-lens's
`SAE.load_from_disk(<this folder>, dtype="float32")`. Hook: `{recipe['hook']}` (output of decoder
layer 18 of 30, before the final norm; HF module `model.layers.18`). Weights are stored in
{recipe['store_dtype']} ({size_mb:.1f} MiB) and loaded as float32.

| | |
|---|---|
| architecture | {recipe['architecture']}, k = {recipe['k']}, d_in = {recipe['d_in']}, d_sae = {recipe['d_sae']} |
| held-out FVU | {h['fvu']:.4f} ({h['n_tokens']} tokens, {metrics['heldout_texts']} texts never trained on) |
| held-out mean L0 | {h['l0']:.1f} |
| dead features on held-out text | {h['dead_share']:.1%} |
| training | {metrics['steps']} steps x {metrics['batch_size']} tokens, {metrics['unique_train_tokens']} unique tokens, lr {recipe['lr']}, seed {recipe['seed']}, sae-lens SAETrainer |
| excluded positions | {recipe['excluded_positions']} |

FVU = sum ||x - x_hat||^2 / sum ||x - mean x||^2 on held-out activations.

## Text ({recipe['context_size']}-token context)

| source | texts |
|---|---|
{sources}

{recipe['licences']}. About half of the texts are wrapped in the model's chat template.
Rebuild with `python scripts/train_default_sae.py --cache DIR` (DIR: any folder outside the repository).
`check_texts.jsonl` holds {CHECK_TEXTS} of the held-out texts for `featurectl sae check`.
"""
    (out / "README.md").write_text(text, encoding="utf-8")
    return out / "README.md"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cache", default=None, help="directory for cached activations (outside the repo)")
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--corpora", default=str(ROOT / "featurectl" / "data" / "corpora"))
    ap.add_argument("--d-sae", type=int, default=4096)
    ap.add_argument("--k", type=int, default=48)
    ap.add_argument("--epochs", type=float, default=3.0)
    ap.add_argument("--lr", type=float, default=8e-4)
    ap.add_argument("--batch-size", type=int, default=2048)
    ap.add_argument("--store-dtype", default="float16", choices=["float16", "float32"])
    ap.add_argument("--collect-only", action="store_true", help="fill the activation cache and stop")
    ap.add_argument("--dry-run", action="store_true", help="print corpus statistics and stop")
    args = ap.parse_args(argv)

    import torch

    torch.set_num_threads(1)
    from featurectl.models import load_model
    from featurectl.sae import DEFAULT_HOOK, split_heldout, train_sae

    def log(msg: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)

    model_name = "smollm2-135m"
    hook = DEFAULT_HOOK[model_name]
    model, tok, info = load_model(model_name)
    texts, counts = build_texts(tok, Path(args.corpora))
    corpus_sha = hashlib.sha256("\x00".join(texts).encode()).hexdigest()
    log(f"{len(texts)} texts, {sum(map(len, texts))} chars; per source: {counts}")
    if args.dry_run:
        return 0
    train_texts, heldout = split_heldout(texts, HELDOUT_FRACTION)
    if args.collect_only:
        # Same grouping as train_sae, so its later call finds every group cached.
        from featurectl.sae import activation_key_base, collect_activations_cached

        key_base = activation_key_base(model, hook, context_size=256, model_name=model_name)
        for group in (train_texts, heldout):
            acts = collect_activations_cached(model, tok, group, hook, context_size=256, cache_dir=args.cache,
                                              key_base=key_base, log=log)
            log(f"cached {len(acts)} tokens")
        return 0

    sae, metrics = train_sae(
        model, tok, train_texts, heldout_texts=heldout, hook=hook, architecture="topk", d_sae=args.d_sae,
        k=args.k, epochs=args.epochs, lr=args.lr, seed=0, out_dir=args.out, context_size=256,
        batch_size=args.batch_size, store_dtype=args.store_dtype, model_name=model_name,
        activations_cache=args.cache, log=log,
        recipe_extra={"script": "scripts/train_default_sae.py", "texts_per_source": counts,
                      "heldout_fraction": HELDOUT_FRACTION,
                      "corpus_sha256": corpus_sha, "model_weights_sha256": info.weights_sha256,
                      "licences": "Python stdlib text and code: PSF licence; French paragraphs and JSON: "
                                  "written/generated for featurectl (Apache-2.0); domain corpora: see their data cards"},
    )
    # A sample of the held-out texts ships beside the SAE, so `featurectl sae check` runs offline.
    sample = random.Random(2).sample(heldout, min(CHECK_TEXTS, len(heldout)))
    (Path(args.out) / "check_texts.jsonl").write_text(
        "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in sample), encoding="utf-8"
    )
    write_card(Path(args.out))
    print(json.dumps(metrics["heldout"], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
