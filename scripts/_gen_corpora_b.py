"""Assemble featurectl/data/corpora/french.jsonl and sentiment.jsonl.

Every prompt and answer below was written by hand by featurectl contributors
(Apache-2.0); this script only parses the blocks, numbers the rows and assigns
splits. Nothing is generated, translated or copied from a dataset.

Block format (blocks separated by a blank line):
    french:    "P:" prompt ("P!:" when the prompt itself asks for French),
               "F:" French answer, "E:" the same answer in English
    sentiment: "P:" prompt, "+:" positive answer, "-:" negative answer

Split: every fifth row (index % 5 == 4) is "heldout", so 20% exactly and
deterministically, spread over all topics because blocks are grouped by topic.

Run from the repository root:  python scripts/_gen_corpora_b.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "featurectl" / "data" / "corpora"
FRENCH: list[str] = []
SENTIMENT: list[str] = []


# ------------------------------------------------------------------ assembly
def _blocks(chunks: list[str]) -> list[dict[str, str]]:
    blocks = []
    for chunk in chunks:
        for raw in chunk.strip().split("\n\n"):
            fields: dict[str, str] = {}
            for line in raw.strip().splitlines():
                tag, _, text = line.partition(": ")
                if tag in fields or not text.strip():
                    raise ValueError(f"malformed block (tag {tag!r}):\n{raw}")
                fields[tag] = text.strip()
            blocks.append(fields)
    return blocks


def french_rows() -> list[dict]:
    rows = []
    for i, b in enumerate(_blocks(FRENCH)):
        asks = "P!" in b
        if set(b) != {"P!" if asks else "P", "F", "E"}:
            raise ValueError(f"french block {i} has tags {sorted(b)}")
        rows.append(
            {
                "id": f"fr-{i:04d}",
                "prompt": b["P!" if asks else "P"],
                "target": b["F"],
                "control": b["E"],
                "split": "heldout" if i % 5 == 4 else "train",
                "asks_french": asks,
            }
        )
    return rows


def sentiment_rows() -> list[dict]:
    rows = []
    for i, b in enumerate(_blocks(SENTIMENT)):
        if set(b) != {"P", "+", "-"}:
            raise ValueError(f"sentiment block {i} has tags {sorted(b)}")
        rows.append(
            {
                "id": f"sent-{i:04d}",
                "prompt": b["P"],
                "target": b["+"],
                "control": b["-"],
                "split": "heldout" if i % 5 == 4 else "train",
            }
        )
    return rows


def _write(name: str, rows: list[dict]) -> None:
    ids = [r["id"] for r in rows]
    prompts = [r["prompt"] for r in rows]
    if len(set(ids)) != len(ids) or len(set(prompts)) != len(prompts):
        dup = sorted({p for p in prompts if prompts.count(p) > 1})
        raise ValueError(f"{name}: duplicate ids or prompts: {dup}")
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    (OUT / name).write_text(text, encoding="utf-8")
    print(f"{name}: {len(rows)} rows, {sum(r['split'] == 'heldout' for r in rows)} heldout")


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    _write("french.jsonl", french_rows())
    if SENTIMENT:
        _write("sentiment.jsonl", sentiment_rows())
    return 0


# ------------------------------------------------------------------ French 1: everyday questions
FRENCH.append(r"""
P: What's a good way to keep cut flowers fresh for longer?
F: Coupez les tiges en biais tous les deux jours et changez l'eau à chaque fois. Retirez les feuilles qui trempent dans le vase, car elles pourrissent vite. Placez le bouquet loin du soleil et des fruits mûrs.
E: Cut the stems at an angle every two days and change the water each time. Remove the leaves that sit in the vase, because they rot quickly. Keep the bouquet away from sunlight and ripe fruit.

P: How long should I boil an egg if I want the yolk still runny?
F: Comptez environ six minutes à partir du moment où l'œuf entre dans l'eau bouillante. Ensuite, plongez-le tout de suite dans de l'eau froide pour arrêter la cuisson.
E: Allow about six minutes from the moment the egg goes into the boiling water. Then plunge it straight into cold water to stop the cooking.

P!: Answer in French: what time do shops usually close on Sundays in your town?
F: Dans ma ville, la plupart des magasins ferment le dimanche à midi. Seules les boulangeries et quelques petites épiceries restent ouvertes jusqu'en début d'après-midi.
E: In my town, most shops close at noon on Sundays. Only the bakeries and a few small grocery stores stay open until the early afternoon.

P: Why does my bread always come out dense?
F: Le plus souvent, la pâte n'a pas assez levé ou la levure était trop vieille. Laissez-la reposer dans un endroit tiède jusqu'à ce qu'elle double de volume, et pétrissez-la au moins dix minutes pour développer le gluten.
E: Most often, the dough has not risen enough or the yeast was too old. Let it rest somewhere warm until it doubles in size, and knead it for at least ten minutes to develop the gluten.

P: Is it better to walk or cycle to work?
F: Cela dépend surtout de la distance. Pour moins de deux kilomètres, la marche est simple et ne demande aucun équipement. Au-delà, le vélo fait gagner beaucoup de temps, à condition d'avoir un endroit sûr pour le garer.
E: It mostly depends on the distance. For less than two kilometres, walking is simple and needs no equipment. Beyond that, cycling saves a lot of time, as long as you have a safe place to park the bike.

P: How often should I water a cactus?
F: En été, un arrosage toutes les deux ou trois semaines suffit, quand la terre est complètement sèche. En hiver, on peut presque arrêter : une fois par mois, c'est largement assez.
E: In summer, watering every two or three weeks is enough, once the soil is completely dry. In winter you can almost stop: once a month is plenty.

P: What should I pack for a weekend in the mountains?
F: Prenez des chaussures de marche confortables, une veste imperméable et un pull chaud, même en été, car les soirées sont fraîches. N'oubliez pas la crème solaire, une gourde et une petite trousse de secours.
E: Take comfortable walking shoes, a waterproof jacket and a warm jumper, even in summer, because the evenings are cool. Don't forget sun cream, a water bottle and a small first-aid kit.

P: Can I freeze cooked rice?
F: Oui, à condition de le refroidir rapidement après la cuisson et de le mettre au congélateur dans l'heure. Il se garde environ un mois. Réchauffez-le bien à cœur avant de le manger.
E: Yes, as long as you cool it quickly after cooking and put it in the freezer within the hour. It keeps for about a month. Reheat it thoroughly before eating it.

P!: Please reply in French. How do I get from the airport to the city centre?
F: Le plus simple est de prendre la navette qui part devant le terminal toutes les vingt minutes. Le trajet dure environ une demi-heure et le billet s'achète directement auprès du chauffeur.
E: The easiest way is to take the shuttle that leaves from outside the terminal every twenty minutes. The journey takes about half an hour and you buy the ticket directly from the driver.

P: What's the difference between baking soda and baking powder?
F: Le bicarbonate de soude a besoin d'un ingrédient acide, comme le yaourt ou le citron, pour faire lever une pâte. La levure chimique contient déjà son propre acide, elle agit donc seule dès qu'elle est mouillée et chauffée.
E: Baking soda needs an acidic ingredient, such as yoghurt or lemon, to make a batter rise. Baking powder already contains its own acid, so it works on its own as soon as it is wet and heated.

P: How can I stop my glasses from fogging up when I wear a mask?
F: Pincez bien la barrette du masque sur le nez pour que l'air chaud ne remonte pas. Vous pouvez aussi laver les verres avec un peu de savon et les laisser sécher sans les essuyer : le fin film restant limite la buée.
E: Press the mask's nose clip firmly so that warm air does not rise upwards. You can also wash the lenses with a little soap and let them dry without wiping them: the thin film left behind reduces fogging.

P: Is it safe to leave my phone charging overnight?
F: Oui, les téléphones récents arrêtent la charge une fois la batterie pleine. Utilisez simplement un chargeur de bonne qualité et évitez de laisser l'appareil sous un oreiller, où il pourrait chauffer.
E: Yes, modern phones stop charging once the battery is full. Just use a good-quality charger and avoid leaving the device under a pillow, where it could overheat.

P: What can I cook with leftover vegetables?
F: Une soupe est toujours une bonne idée : faites revenir un oignon, ajoutez les légumes coupés, couvrez d'eau et laissez mijoter vingt minutes. Vous pouvez aussi en faire une omelette, un gratin ou une poêlée avec du riz.
E: A soup is always a good idea: fry an onion, add the chopped vegetables, cover with water and let it simmer for twenty minutes. You can also turn them into an omelette, a gratin or a stir-fry with rice.

P: How much sleep does a teenager need?
F: Les adolescents ont besoin de huit à dix heures de sommeil par nuit. Beaucoup en dorment moins à cause des écrans et des horaires scolaires, ce qui peut nuire à la concentration et à l'humeur.
E: Teenagers need eight to ten hours of sleep a night. Many sleep less because of screens and school timetables, which can harm concentration and mood.

P!: In French, please: what's the weather usually like in Brittany in October?
F: En octobre, il fait assez doux en Bretagne, autour de quinze degrés l'après-midi. Il pleut souvent, mais rarement toute la journée, et le ciel change très vite. Un bon imperméable est indispensable.
E: In October it is fairly mild in Brittany, around fifteen degrees in the afternoon. It rains often, but rarely all day, and the sky changes very quickly. A good raincoat is essential.

P: Why do cats purr?
F: Les chats ronronnent surtout quand ils sont détendus et contents, par exemple sur les genoux de quelqu'un. Mais ils ronronnent aussi quand ils ont peur ou mal, car cela semble les apaiser.
E: Cats purr mostly when they are relaxed and content, for example on someone's lap. But they also purr when they are frightened or in pain, because it seems to soothe them.

P: Should I rinse pasta after cooking it?
F: Non, sauf pour une salade de pâtes froide. L'amidon qui reste à la surface aide la sauce à bien accrocher. Gardez même un peu d'eau de cuisson pour rendre la sauce plus onctueuse.
E: No, except for a cold pasta salad. The starch left on the surface helps the sauce cling. Even keep a little of the cooking water to make the sauce smoother.

P: How do I know if an avocado is ripe?
F: Appuyez doucement près de la queue : s'il cède un peu sous le doigt, il est prêt. S'il est dur comme une pierre, laissez-le quelques jours à température ambiante, dans un sac en papier avec une pomme.
E: Press gently near the stem: if it gives a little under your finger, it is ready. If it is as hard as a stone, leave it for a few days at room temperature, in a paper bag with an apple.

P: What's a polite way to decline a party invitation?
F: Remerciez d'abord la personne pour l'invitation, puis dites simplement que vous avez déjà un engagement ce soir-là. Vous pouvez proposer de se voir une autre fois, par exemple pour un café la semaine suivante.
E: First thank the person for the invitation, then simply say that you already have a commitment that evening. You can suggest meeting another time, for example for a coffee the following week.

P: How do I remove a coffee stain from a white shirt?
F: Rincez la tache à l'eau froide le plus vite possible, par l'envers du tissu. Frottez ensuite avec un peu de liquide vaisselle, laissez agir dix minutes et lavez la chemise normalement. Évitez l'eau chaude, qui fixe la tache.
E: Rinse the stain with cold water as quickly as possible, from the back of the fabric. Then rub in a little washing-up liquid, leave it for ten minutes and wash the shirt as usual. Avoid hot water, which sets the stain.

P!: Answer in French, please. Is tap water safe to drink in Paris?
F: Oui, l'eau du robinet à Paris est potable et très contrôlée. Elle a parfois un léger goût de chlore ; si cela vous gêne, laissez une carafe au réfrigérateur quelques heures avant de la boire.
E: Yes, tap water in Paris is drinkable and closely monitored. It sometimes has a slight taste of chlorine; if that bothers you, leave a jug in the fridge for a few hours before drinking it.

P: How many people can sit at a round table of 120 centimetres?
F: Six personnes y sont à l'aise. On peut en serrer huit pour un repas informel, mais il faudra accepter de se frôler les coudes.
E: Six people sit comfortably around it. You can squeeze in eight for an informal meal, but you will have to accept bumping elbows.

P: Why is the sky red at sunset?
F: Le soir, la lumière du soleil traverse une couche d'air beaucoup plus épaisse. Les couleurs bleues sont dispersées en chemin, et seules les teintes rouges et orangées arrivent jusqu'à nos yeux.
E: In the evening, sunlight passes through a much thicker layer of air. The blue colours are scattered along the way, and only the red and orange hues reach our eyes.

P: What is a good first plant for someone who forgets to water things?
F: Le pothos est parfait pour cela. Il supporte l'oubli, pousse même avec peu de lumière et ses feuilles tombantes vous préviennent clairement quand il a soif. Un petit verre d'eau suffit alors à le remettre d'aplomb.
E: The pothos is perfect for that. It tolerates neglect, grows even in low light, and its drooping leaves clearly warn you when it is thirsty. A small glass of water is then enough to perk it up.

P: How early should I arrive for an international flight?
F: Il est conseillé d'arriver trois heures avant le départ. Les contrôles de sécurité et le passage à la frontière peuvent être longs, surtout pendant les vacances scolaires.
E: It is advisable to arrive three hours before departure. Security checks and border control can take a long time, especially during the school holidays.

P: What should I do if my car battery is flat?
F: Demandez à quelqu'un de vous aider avec des câbles de démarrage : branchez d'abord le rouge sur les deux bornes positives, puis le noir sur la borne négative de la voiture qui fonctionne et sur une partie métallique de votre moteur. Démarrez l'autre voiture, attendez quelques minutes, puis essayez la vôtre.
E: Ask someone to help you with jump leads: first connect the red one to both positive terminals, then the black one to the negative terminal of the working car and to a metal part of your engine. Start the other car, wait a few minutes, then try yours.

P: Do I need to peel carrots?
F: Pas forcément. Si elles sont bio et bien brossées sous l'eau, vous pouvez les garder avec la peau, qui contient des vitamines. Pelez-les plutôt si elles sont vieilles ou abîmées.
E: Not necessarily. If they are organic and well scrubbed under the tap, you can keep the skin on, which contains vitamins. Peel them instead if they are old or damaged.

P!: Could you answer in French? What's a nice thing to do in Lyon on a rainy day?
F: Par temps de pluie, promenez-vous dans les traboules du Vieux-Lyon, ces passages couverts qui relient les immeubles. Ensuite, le musée des Confluences ou un long déjeuner dans un bouchon lyonnais feront très bien l'affaire.
E: On a rainy day, wander through the traboules of Old Lyon, the covered passages that link the buildings. After that, the Confluences museum or a long lunch in a traditional bouchon will do very nicely.

P: How can I make my coffee less bitter?
F: Utilisez une eau un peu moins chaude, autour de quatre-vingt-douze degrés, et une mouture plus grossière. Un café trop fin ou qui infuse trop longtemps libère beaucoup d'amertume. Une pincée de sel dans le filtre aide aussi.
E: Use slightly cooler water, around ninety-two degrees, and a coarser grind. Coffee that is too fine or brews too long releases a lot of bitterness. A pinch of salt in the filter helps too.

P: Where is the best place in the house to dry clothes in winter?
F: Choisissez une pièce bien aérée, idéalement près d'une fenêtre entrouverte, et pas la chambre où vous dormez. Étendez le linge sans le serrer pour que l'air circule, sinon il sèche lentement et sent l'humidité.
E: Choose a well-ventilated room, ideally near a window left slightly open, and not the bedroom where you sleep. Hang the laundry with space between items so that air circulates, otherwise it dries slowly and smells damp.
""")

# ------------------------------------------------------------------ French 2: instructions
FRENCH.append(r"""
P: Give me simple instructions for making a vinaigrette.
F: Mélangez une cuillère de moutarde avec une cuillère de vinaigre, du sel et du poivre. Ajoutez ensuite trois cuillères d'huile en fouettant jusqu'à ce que la sauce épaississe.
E: Mix one spoonful of mustard with one spoonful of vinegar, salt and pepper. Then add three spoonfuls of oil while whisking until the dressing thickens.

P: Tell me how to change a bicycle inner tube.
F: Retirez la roue, dégonflez complètement la chambre et faites sortir le pneu de la jante avec deux démonte-pneus. Sortez l'ancienne chambre, vérifiez qu'aucune épine n'est restée dans le pneu, puis glissez la nouvelle chambre légèrement gonflée. Remettez le pneu en place avec les pouces et regonflez à la pression indiquée sur le flanc.
E: Remove the wheel, let all the air out of the tube and lever the tyre off the rim with two tyre levers. Take out the old tube, check that no thorn is left in the tyre, then slip in the new, slightly inflated tube. Push the tyre back on with your thumbs and pump it up to the pressure printed on the sidewall.

P: How do I set up a new email signature?
F: Ouvrez les paramètres de votre messagerie et cherchez la rubrique « Signature ». Saisissez votre nom, votre poste et un numéro de téléphone, puis enregistrez. Envoyez-vous un message test pour vérifier l'affichage.
E: Open your email settings and look for the "Signature" section. Type your name, your job title and a phone number, then save. Send yourself a test message to check how it looks.

P!: Respond in French: how do I make a cup of tea properly?
F: Faites chauffer l'eau juste avant l'ébullition pour un thé vert, ou à ébullition pour un thé noir. Versez-la sur les feuilles, laissez infuser trois à quatre minutes, puis retirez le thé pour qu'il ne devienne pas amer.
E: Heat the water to just below boiling for green tea, or to a full boil for black tea. Pour it over the leaves, let it brew for three to four minutes, then remove the tea so that it does not turn bitter.

P: Explain how to plant tulip bulbs.
F: Plantez les bulbes en automne, avant les premières gelées. Creusez un trou d'environ quinze centimètres, posez le bulbe pointe vers le haut et recouvrez de terre. Espacez-les d'une dizaine de centimètres et arrosez une fois.
E: Plant the bulbs in autumn, before the first frosts. Dig a hole about fifteen centimetres deep, set the bulb pointed end up and cover it with soil. Space them about ten centimetres apart and water once.

P: What are the steps to back up my phone photos?
F: Branchez le téléphone à un ordinateur ou activez la sauvegarde automatique dans le cloud. Choisissez le dossier des photos, lancez la copie et attendez la fin avant de supprimer quoi que ce soit. L'idéal est d'avoir deux copies à deux endroits différents.
E: Connect the phone to a computer or turn on automatic cloud backup. Choose the photo folder, start the copy and wait until it finishes before deleting anything. Ideally, keep two copies in two different places.

P: How do I iron a shirt without creasing it?
F: Commencez par le col, puis les poignets et les manches. Repassez ensuite les deux devants et terminez par le dos. Gardez la chemise légèrement humide et suspendez-la sur un cintre dès que vous avez fini.
E: Start with the collar, then the cuffs and the sleeves. Next iron the two front panels and finish with the back. Keep the shirt slightly damp and hang it on a hanger as soon as you have finished.

P: Walk me through unclogging a sink.
F: Versez d'abord une casserole d'eau bouillante dans l'évier. Si cela ne suffit pas, utilisez une ventouse en bouchant le trop-plein avec un chiffon humide. En dernier recours, dévissez le siphon sous l'évier au-dessus d'une bassine et nettoyez-le.
E: First pour a pan of boiling water down the sink. If that isn't enough, use a plunger while blocking the overflow with a damp cloth. As a last resort, unscrew the trap under the sink over a bowl and clean it out.

P: How should I prepare for a job interview?
F: Renseignez-vous sur l'entreprise et relisez l'offre d'emploi. Préparez deux ou trois exemples concrets de ce que vous avez accompli, et quelques questions à poser à la fin. La veille, choisissez votre tenue et vérifiez le trajet.
E: Find out about the company and reread the job advert. Prepare two or three concrete examples of what you have achieved, and a few questions to ask at the end. The day before, choose your outfit and check the journey.

P!: Write your answer in French. How do I cook a simple risotto?
F: Faites revenir un oignon haché dans du beurre, ajoutez le riz et remuez jusqu'à ce qu'il devienne nacré. Versez un verre de vin blanc, puis ajoutez le bouillon chaud louche par louche en remuant sans cesse. Au bout de dix-huit minutes environ, incorporez le parmesan et un peu de beurre hors du feu.
E: Fry a chopped onion in butter, add the rice and stir until it turns translucent. Pour in a glass of white wine, then add the hot stock ladle by ladle, stirring all the time. After about eighteen minutes, stir in the parmesan and a little butter off the heat.

P: How do I defrost a freezer?
F: Videz le congélateur et débranchez-le. Posez des serviettes au sol et un bol d'eau chaude à l'intérieur pour accélérer la fonte. Quand la glace est partie, essuyez tout, laissez sécher et rebranchez avant de remettre les aliments.
E: Empty the freezer and unplug it. Put towels on the floor and a bowl of hot water inside to speed up the melting. When the ice is gone, wipe everything, let it dry and plug it back in before putting the food back.

P: Give me a quick warm-up routine before running.
F: Marchez vite pendant deux minutes, puis faites des cercles avec les bras et les hanches. Enchaînez avec dix montées de genoux, dix talons-fesses et quelques fentes. Commencez ensuite à courir lentement.
E: Walk briskly for two minutes, then make circles with your arms and hips. Follow with ten high knees, ten heel kicks and a few lunges. Then start running slowly.

P: How do I write a formal letter of complaint?
F: Indiquez en haut vos coordonnées, puis celles du destinataire et la date. Exposez les faits de manière précise et calme : ce que vous avez acheté, quand, et ce qui ne va pas. Terminez par ce que vous attendez, un remboursement ou un échange, et par une formule de politesse.
E: Put your contact details at the top, then the recipient's details and the date. Set out the facts precisely and calmly: what you bought, when, and what is wrong. Finish with what you expect, a refund or an exchange, and a polite closing.

P: Explain how to make a paper aeroplane.
F: Pliez une feuille en deux dans la longueur, puis dépliez-la. Rabattez les deux coins du haut vers le pli central, puis recommencez avec les nouveaux bords. Repliez l'avion en deux et abaissez chaque aile jusqu'au bas du fuselage.
E: Fold a sheet in half lengthways, then unfold it. Fold the two top corners down to the centre crease, then do the same again with the new edges. Fold the plane in half and bring each wing down to the bottom of the body.

P: How do I clean a cast iron pan?
F: Rincez-la à l'eau chaude et frottez avec une brosse, sans savon si possible. Séchez-la tout de suite sur le feu, puis passez une fine couche d'huile avec du papier absorbant pour éviter la rouille.
E: Rinse it with hot water and scrub with a brush, without soap if possible. Dry it straight away over the heat, then wipe on a thin layer of oil with kitchen paper to prevent rust.

P!: Answer in French: how do I say no to extra work without sounding rude?
F: Expliquez calmement ce que vous avez déjà à faire et demandez quelle tâche devrait passer en priorité. Ainsi, vous ne refusez pas sèchement : vous montrez que vous voulez bien faire, mais que votre temps a des limites.
E: Calmly explain what you already have to do and ask which task should take priority. That way you are not refusing bluntly: you show that you want to do a good job, but that your time has limits.

P: How can I make a small room look bigger?
F: Peignez les murs dans une couleur claire et placez un grand miroir face à la fenêtre. Choisissez des meubles sur pieds et libérez le sol autant que possible.
E: Paint the walls a light colour and place a large mirror opposite the window. Choose furniture on legs and keep the floor as clear as possible.

P: What's the right way to store fresh herbs?
F: Traitez le persil et la coriandre comme un bouquet : tiges dans un verre d'eau, au réfrigérateur, sous un sac léger. Le basilic, lui, préfère rester à température ambiante, loin du froid.
E: Treat parsley and coriander like a bouquet: stems in a glass of water, in the fridge, under a light bag. Basil, on the other hand, prefers to stay at room temperature, away from the cold.

P: Tell me how to hang a picture straight.
F: Marquez au crayon la hauteur voulue, généralement le centre du tableau à environ un mètre cinquante du sol. Utilisez un niveau à bulle pour tracer une ligne, plantez le clou et ajustez le cadre une fois accroché.
E: Mark the height you want in pencil, usually the centre of the picture at about one metre fifty from the floor. Use a spirit level to draw a line, put in the nail and adjust the frame once it is hanging.

P: How do I calm down before giving a speech?
F: Respirez lentement par le ventre pendant une minute, en expirant plus longtemps que vous n'inspirez. Répétez votre première phrase plusieurs fois : une fois le début lancé, la suite vient plus facilement.
E: Breathe slowly from your belly for one minute, breathing out for longer than you breathe in. Rehearse your first sentence several times: once the start is under way, the rest comes more easily.

P: Describe the steps for repotting a houseplant.
F: Choisissez un pot à peine plus grand que l'ancien, avec un trou au fond. Sortez la plante en tenant la base des tiges, démêlez un peu les racines et installez-la sur une couche de terreau neuf. Comblez les côtés, tassez légèrement et arrosez.
E: Choose a pot only slightly bigger than the old one, with a hole in the bottom. Take the plant out by holding the base of the stems, loosen the roots a little and set it on a layer of fresh compost. Fill in the sides, press down lightly and water.

P!: I'd like the answer in French. How do I reset a forgotten password?
F: Sur la page de connexion, cliquez sur « Mot de passe oublié » et saisissez votre adresse e-mail. Vous recevrez un lien valable quelques minutes. Choisissez alors un nouveau mot de passe long et que vous n'utilisez nulle part ailleurs.
E: On the login page, click "Forgotten password" and enter your email address. You will receive a link that is valid for a few minutes. Then choose a new, long password that you do not use anywhere else.

P: How do I make pancakes without eggs?
F: Mélangez deux cents grammes de farine, un sachet de levure, une pincée de sel et une cuillère de sucre. Ajoutez trente centilitres de lait et deux cuillères d'huile, fouettez et faites cuire de petites louches dans une poêle chaude.
E: Mix two hundred grams of flour, a sachet of baking powder, a pinch of salt and a spoonful of sugar. Add thirty centilitres of milk and two spoonfuls of oil, whisk, and cook small ladlefuls in a hot pan.

P: Explain how to read a bus timetable.
F: Trouvez d'abord votre arrêt dans la colonne de gauche. Suivez la ligne vers la droite : chaque colonne correspond à un bus, et l'heure indique son passage. Vérifiez en haut si l'horaire vaut pour la semaine, le samedi ou le dimanche.
E: First find your stop in the left-hand column. Follow the row to the right: each column is one bus, and the time shows when it passes. Check at the top whether the timetable is for weekdays, Saturdays or Sundays.

P: What should I do in the first hour after adopting a puppy?
F: Laissez-le explorer calmement une seule pièce, avec de l'eau, un panier et quelques jouets. Évitez les visites et le bruit. Sortez-le tout de suite au même endroit pour ses besoins, et félicitez-le quand il réussit.
E: Let it explore one room calmly, with water, a bed and a few toys. Avoid visitors and noise. Take it outside straight away to the same spot for its toilet, and praise it when it gets it right.

P: How do I sharpen a kitchen knife with a whetstone?
F: Faites tremper la pierre dix minutes. Tenez la lame avec un angle d'environ quinze degrés et faites-la glisser sur toute sa longueur, une dizaine de fois de chaque côté. Passez ensuite à la face plus fine pour finir, puis rincez le couteau.
E: Soak the stone for ten minutes. Hold the blade at an angle of about fifteen degrees and slide it along its whole length, about ten times on each side. Then move to the finer side to finish, and rinse the knife.

P: How do I keep a conversation going with someone I just met?
F: Posez des questions ouvertes, qui ne se répondent pas par oui ou non, et rebondissez sur un détail de la réponse. Partagez aussi un peu de vous : une conversation, c'est un échange, pas un interrogatoire.
E: Ask open questions that can't be answered with yes or no, and pick up on a detail in the answer. Share a little about yourself too: a conversation is an exchange, not an interrogation.

P!: Reply only in French. How should I store potatoes?
F: Gardez les pommes de terre dans un endroit frais, sec et sombre, par exemple une cave ou un placard. Ne les mettez pas au réfrigérateur et éloignez-les des oignons, qui les font germer plus vite.
E: Keep potatoes somewhere cool, dry and dark, such as a cellar or a cupboard. Don't put them in the fridge, and keep them away from onions, which make them sprout faster.

P: How do I teach a child to tie their shoelaces?
F: Montrez la méthode des deux boucles : on fait deux « oreilles de lapin », on les croise et on les passe l'une dans l'autre. Pratiquez assis côte à côte plutôt qu'en face, pour que l'enfant voie les gestes dans le même sens.
E: Show the two-loop method: you make two "bunny ears", cross them and pass one through the other. Practise sitting side by side rather than facing each other, so the child sees the movements the same way round.

P: Give me tips for saving money on groceries.
F: Faites une liste avant de partir et tenez-vous-y. Comparez le prix au kilo plutôt que le prix affiché, et achetez les fruits et légumes de saison. Cuisinez en plus grande quantité pour avoir des restes le lendemain.
E: Make a list before you go and stick to it. Compare the price per kilo rather than the price on the label, and buy fruit and vegetables in season. Cook larger batches so you have leftovers the next day.
""")

# ------------------------------------------------------------------ French 3: descriptions
FRENCH.append(r"""
P: Describe a typical French breakfast.
F: Le petit-déjeuner français est plutôt sucré et léger : une tartine de pain beurré avec de la confiture, parfois un croissant, accompagnée d'un café, d'un thé ou d'un chocolat chaud. Beaucoup d'enfants trempent leur tartine dans leur bol.
E: A French breakfast is rather sweet and light: a slice of buttered bread with jam, sometimes a croissant, with coffee, tea or hot chocolate. Many children dip their bread into their bowl.

P: Describe what a busy train station looks like in the morning.
F: Des centaines de voyageurs traversent le hall à grands pas, un café à la main. Les annonces résonnent sous la verrière, les panneaux d'affichage changent sans arrêt et de petits groupes attendent, le regard fixé sur le numéro du quai.
E: Hundreds of travellers stride across the hall, coffee in hand. Announcements echo under the glass roof, the departure boards change constantly and small groups wait, eyes fixed on the platform number.

P: Describe the smell of a bakery.
F: Une odeur chaude de pain grillé et de beurre fondu vous accueille dès la porte, avec une pointe de sucre caramélisé.
E: A warm smell of toasted bread and melted butter greets you at the door, with a hint of caramelised sugar.

P!: Answer in French: describe your ideal Sunday.
F: Mon dimanche idéal commence tard, avec un long petit-déjeuner et le journal. L'après-midi, je marcherais au bord d'un lac avec des amis, puis nous préparerions ensemble un grand plat de pâtes en écoutant de la musique.
E: My ideal Sunday starts late, with a long breakfast and the newspaper. In the afternoon I would walk by a lake with friends, then we would make a big dish of pasta together while listening to music.

P: Describe an autumn forest.
F: Les arbres se couvrent de jaune, d'orange et de rouge, et les feuilles craquent sous les pas. L'air sent la terre humide et les champignons. Le matin, une brume légère flotte entre les troncs.
E: The trees turn yellow, orange and red, and the leaves crunch underfoot. The air smells of damp earth and mushrooms. In the morning, a light mist floats between the trunks.

P: Describe a kitchen after a big family dinner.
F: Les assiettes s'empilent à côté de l'évier, les casseroles gardent encore des traces de sauce et des verres à moitié pleins traînent sur la table. Quelqu'un a déjà mis la bouilloire en route, et on entend des rires dans la pièce voisine.
E: The plates are piled up beside the sink, the pans still show traces of sauce and half-full glasses are scattered on the table. Someone has already switched the kettle on, and you can hear laughter in the next room.

P: What does a lighthouse look like?
F: C'est une haute tour, souvent blanche ou rayée de rouge, construite au bord de la mer ou sur un rocher. Tout en haut, une grande lanterne tourne la nuit pour guider les bateaux.
E: It is a tall tower, often white or striped with red, built at the edge of the sea or on a rock. At the very top, a large lamp turns at night to guide ships.

P: Describe a street market in summer.
F: Les étals débordent de tomates, de pêches et de melons, et les marchands interpellent les passants en vantant leurs produits. On goûte un morceau de fromage ici, une olive là. Vers midi, la chaleur monte et la foule se fait plus lente.
E: The stalls overflow with tomatoes, peaches and melons, and the traders call out to passers-by, praising their produce. You taste a piece of cheese here, an olive there. Towards noon, the heat rises and the crowd slows down.

P: Describe a classroom on the first day of school.
F: Les tables sont alignées et parfaitement propres, les crayons sont neufs et personne ne sait encore où s'asseoir. Certains enfants parlent fort pour cacher leur timidité, d'autres regardent par la fenêtre en attendant la maîtresse.
E: The desks are lined up and spotless, the pencils are new and nobody knows yet where to sit. Some children talk loudly to hide their shyness, others look out of the window while waiting for the teacher.

P!: Please answer in French. What does your favourite café look like?
F: C'est un petit café au coin d'une rue calme, avec quelques tables en bois et de grandes fenêtres. Il y a toujours des livres sur une étagère, une plante un peu trop grande et une odeur de café fraîchement moulu.
E: It is a small café on the corner of a quiet street, with a few wooden tables and big windows. There are always books on a shelf, a slightly oversized plant and a smell of freshly ground coffee.

P: Describe a thunderstorm at night.
F: Le ciel s'illumine d'un coup, et pendant une seconde on voit tout le paysage comme en plein jour. Puis le tonnerre gronde, si fort que les vitres tremblent, et la pluie se met à tambouriner sur le toit.
E: The sky lights up all at once, and for a second you see the whole landscape as if it were daytime. Then the thunder rumbles, so loudly that the windows shake, and the rain starts drumming on the roof.

P: Describe an old bookshop.
F: Les étagères montent jusqu'au plafond et ploient sous le poids des volumes. Il faut parfois une échelle pour atteindre les rayons du haut. Ça sent le papier jauni et la poussière, et le libraire connaît chaque livre par cœur.
E: The shelves reach the ceiling and bend under the weight of the books. Sometimes you need a ladder to reach the top rows. It smells of yellowed paper and dust, and the bookseller knows every book by heart.

P: Describe a beach in winter.
F: La plage est presque vide. Le vent soulève le sable, les vagues sont grises et puissantes, et seuls quelques promeneurs bien emmitouflés longent l'eau avec leur chien.
E: The beach is almost empty. The wind lifts the sand, the waves are grey and powerful, and only a few well-wrapped walkers stroll along the water with their dogs.

P: What does a hospital waiting room feel like?
F: Le temps semble s'étirer. Les chaises sont dures, la lumière est blanche et un peu froide, et chacun guette la porte en espérant entendre son nom.
E: Time seems to stretch out. The chairs are hard, the light is white and a little cold, and everyone watches the door hoping to hear their name.

P: Describe a village square on market day.
F: Dès sept heures, les camionnettes se garent autour de la fontaine et les marchands montent leurs auvents colorés. Les habitants viennent avec leurs paniers, s'arrêtent pour discuter et finissent souvent la matinée à la terrasse du café.
E: From seven o'clock, the vans park around the fountain and the traders put up their colourful awnings. Locals come with their baskets, stop to chat and often end the morning on the café terrace.

P!: Answer in French only. Describe a snowy morning in the city.
F: La ville est silencieuse, comme enveloppée dans du coton. Les voitures roulent au pas, les trottoirs sont blancs et les enfants, emmitouflés, essaient d'attraper les flocons avec la langue.
E: The city is silent, as if wrapped in cotton wool. Cars crawl along, the pavements are white, and the children, bundled up, try to catch the snowflakes on their tongues.

P: Describe a grandmother's garden.
F: Des rosiers grimpent le long du mur, les tomates poussent à côté des dahlias et il y a toujours un banc à l'ombre du pommier. Tout est un peu en désordre, mais chaque plante a son histoire.
E: Roses climb along the wall, tomatoes grow next to the dahlias and there is always a bench in the shade of the apple tree. Everything is a little untidy, but every plant has its story.

P: Describe a concert hall just before the music starts.
F: Les lumières baissent lentement et le brouhaha se transforme en murmure. Quelqu'un tousse une dernière fois, les musiciens lèvent leurs instruments et, pendant un instant, toute la salle retient son souffle.
E: The lights dim slowly and the chatter turns into a murmur. Someone coughs one last time, the musicians raise their instruments and, for a moment, the whole hall holds its breath.

P: What does a vineyard look like in September?
F: Les rangs de vigne s'étendent à perte de vue sur les collines, chargés de grappes sombres. Les vendangeurs passent avec leurs seaux, et les tracteurs emportent le raisin vers la cave.
E: The rows of vines stretch as far as the eye can see over the hills, heavy with dark bunches. The grape pickers go by with their buckets, and the tractors carry the grapes off to the winery.

P: Describe the view from a mountain summit.
F: Au sommet, le vent est frais et le silence impressionne. Les vallées s'étendent en dessous, les villages ressemblent à des jouets et, au loin, d'autres sommets enneigés se découpent sur le ciel bleu.
E: At the summit the wind is cool and the silence is striking. The valleys spread out below, the villages look like toys and, in the distance, other snowy peaks stand out against the blue sky.

P: Describe a crowded underground train at rush hour.
F: On est serré comme des sardines, le nez contre l'épaule d'un inconnu. Personne ne parle, chacun fixe son téléphone ou le plan de la ligne, et à chaque station une nouvelle vague de passagers tente de monter.
E: You are packed in like sardines, your nose against a stranger's shoulder. Nobody speaks, everyone stares at their phone or the line map, and at every station a new wave of passengers tries to get on.

P!: Can you describe a fishing port at dawn, in French?
F: À l'aube, les bateaux rentrent au port suivis d'une nuée de mouettes. Les pêcheurs déchargent les caisses de poissons encore brillants, les cordages grincent et l'odeur de sel et de gasoil flotte sur le quai.
E: At dawn, the boats come back into harbour followed by a cloud of seagulls. The fishermen unload crates of still-gleaming fish, the ropes creak, and the smell of salt and diesel hangs over the quay.

P: Describe a cosy living room in winter.
F: Un feu crépite dans la cheminée, une couverture en laine traîne sur le canapé et une lampe diffuse une lumière dorée. Sur la table basse, une tasse de chocolat refroidit à côté d'un livre ouvert.
E: A fire crackles in the fireplace, a wool blanket lies on the sofa and a lamp gives off a golden light. On the coffee table, a cup of hot chocolate cools beside an open book.

P: Describe your morning commute.
F: Je prends le vélo jusqu'à la gare, puis un train régional d'une vingtaine de minutes. J'en profite pour lire ou regarder les champs défiler. Les jours de pluie, le trajet paraît beaucoup plus long.
E: I cycle to the station, then take a regional train for about twenty minutes. I use the time to read or watch the fields go by. On rainy days, the journey feels much longer.

P: What is a French bistro like?
F: C'est un restaurant simple et chaleureux, avec des banquettes, un comptoir en zinc et un menu écrit à la craie sur une ardoise. On y mange des plats traditionnels, comme le bœuf bourguignon ou le steak-frites, à des prix raisonnables.
E: It is a simple, friendly restaurant, with bench seats, a zinc counter and a menu written in chalk on a slate. You eat traditional dishes there, such as beef bourguignon or steak and chips, at reasonable prices.

P: Describe a child's bedroom.
F: Des dessins sont punaisés au mur, des peluches s'entassent sur le lit et des pièces de puzzle traînent sous le bureau. Une veilleuse en forme de lune attend le soir, à côté d'une pile de livres d'images.
E: Drawings are pinned to the wall, soft toys are heaped on the bed and puzzle pieces lie under the desk. A moon-shaped night light waits for the evening, beside a pile of picture books.

P: Describe the first warm day of spring.
F: Tout le monde sort en même temps : les terrasses se remplissent, les manteaux restent sur les chaises et les parcs se couvrent de gens allongés dans l'herbe. On entend les oiseaux et, quelque part, une tondeuse.
E: Everyone comes out at once: the terraces fill up, coats stay on the backs of chairs and the parks are covered with people lying on the grass. You can hear the birds and, somewhere, a lawnmower.

P!: Describe, in French, a walk along the Seine.
F: On longe les quais sous les platanes, entre les bouquinistes et leurs boîtes vertes. Les péniches glissent lentement sur l'eau, les ponts se succèdent et, au détour d'un virage, la silhouette de Notre-Dame apparaît.
E: You walk along the embankments under the plane trees, between the booksellers and their green boxes. Barges glide slowly on the water, one bridge follows another and, around a bend, the outline of Notre-Dame appears.

P: Describe a small airport late at night.
F: Les boutiques ont baissé leur rideau, un agent passe la serpillière et quelques voyageurs dorment sur les sièges en plastique. Sur l'écran, un seul vol reste affiché, marqué « retardé ».
E: The shops have pulled down their shutters, a worker is mopping the floor and a few travellers are asleep on the plastic seats. On the screen, a single flight is still shown, marked "delayed".

P: Describe the taste of a ripe peach.
F: La chair est juteuse et sucrée, avec une légère acidité qui réveille le palais. Le jus coule sur les doigts à la première bouchée.
E: The flesh is juicy and sweet, with a slight sharpness that wakes up the palate. The juice runs down your fingers at the first bite.
""")

# ------------------------------------------------------------------ French 4: short explanations
FRENCH.append(r"""
P: Why do we have leap years?
F: Une année solaire dure environ trois cent soixante-cinq jours et six heures. Pour rattraper ces six heures, on ajoute un jour au mois de février tous les quatre ans, sinon le calendrier se décalerait peu à peu par rapport aux saisons.
E: A solar year lasts about three hundred and sixty-five days and six hours. To make up for those six hours, a day is added to February every four years, otherwise the calendar would slowly drift away from the seasons.

P: How does a vaccine work?
F: Un vaccin présente au corps une version inoffensive d'un microbe, ou une partie de celui-ci. Le système immunitaire apprend à le reconnaître et fabrique des défenses. Si le vrai microbe arrive plus tard, il est repoussé beaucoup plus vite.
E: A vaccine shows the body a harmless version of a germ, or part of one. The immune system learns to recognise it and builds defences. If the real germ arrives later, it is fought off much faster.

P: What causes the tides?
F: Les marées sont surtout dues à l'attraction de la Lune, qui tire sur les océans. Le Soleil joue aussi un rôle : quand il est aligné avec la Lune, les marées sont plus fortes.
E: Tides are mainly caused by the pull of the Moon, which tugs on the oceans. The Sun plays a part too: when it lines up with the Moon, the tides are stronger.

P!: Answer in French: why is the sea salty?
F: La pluie dissout peu à peu les minéraux des roches, et les rivières les transportent jusqu'à la mer. Quand l'eau de mer s'évapore, le sel reste sur place. Au fil de millions d'années, il s'est donc accumulé.
E: Rain slowly dissolves minerals from rocks, and rivers carry them down to the sea. When seawater evaporates, the salt stays behind. Over millions of years, it has therefore built up.

P: What is inflation, in simple terms?
F: L'inflation, c'est la hausse générale des prix. Avec la même somme d'argent, on peut acheter un peu moins de choses qu'avant : une baguette qui coûtait un euro en coûte maintenant un euro dix, par exemple.
E: Inflation is the general rise in prices. With the same amount of money, you can buy slightly fewer things than before: a baguette that cost one euro now costs one euro ten, for example.

P: How do plants drink water?
F: Les racines absorbent l'eau du sol, puis elle monte dans de minuscules canaux jusqu'aux feuilles. En s'évaporant par les feuilles, l'eau crée une sorte d'aspiration qui tire le reste vers le haut.
E: The roots absorb water from the soil, then it rises through tiny channels up to the leaves. As it evaporates through the leaves, the water creates a kind of suction that pulls the rest upwards.

P: Why do onions make you cry?
F: Quand on coupe un oignon, on libère un gaz qui irrite les yeux. Les yeux produisent alors des larmes pour se protéger. Un couteau bien aiguisé et un oignon sorti du frigo limitent le problème.
E: When you cut an onion, you release a gas that irritates the eyes. The eyes then produce tears to protect themselves. A sharp knife and an onion straight from the fridge reduce the problem.

P: What is the difference between weather and climate?
F: La météo décrit le temps qu'il fait sur quelques jours : pluie demain, soleil jeudi. Le climat, c'est la moyenne de ce temps sur trente ans ou plus dans une région donnée.
E: Weather describes conditions over a few days: rain tomorrow, sunshine on Thursday. Climate is the average of that weather over thirty years or more in a given region.

P: How does a microwave oven heat food?
F: Le four envoie des ondes qui font vibrer les molécules d'eau contenues dans les aliments. Ces vibrations produisent de la chaleur directement à l'intérieur du plat. C'est pour cela qu'un aliment très sec chauffe mal.
E: The oven sends out waves that make the water molecules in the food vibrate. These vibrations produce heat directly inside the dish. That is why very dry food heats badly.

P!: In French please: why do leaves change colour in autumn?
F: En automne, les jours raccourcissent et l'arbre cesse de fabriquer la chlorophylle, le pigment vert des feuilles. Les autres couleurs, jaunes et orangées, qui étaient cachées jusque-là, deviennent alors visibles.
E: In autumn, the days get shorter and the tree stops making chlorophyll, the green pigment in the leaves. The other colours, yellow and orange, which had been hidden until then, become visible.

P: What is a password manager and why use one?
F: C'est un logiciel qui retient tous vos mots de passe dans un coffre chiffré. Vous n'avez plus qu'un seul mot de passe principal à mémoriser, et vous pouvez utiliser un mot de passe différent et solide pour chaque site.
E: It is a program that remembers all your passwords in an encrypted vault. You only have one master password to remember, and you can use a different, strong password for every site.

P: Why does ice float?
F: En gelant, l'eau forme des cristaux qui laissent plus d'espace entre les molécules. La glace est donc moins dense que l'eau liquide, et elle flotte.
E: When water freezes, it forms crystals that leave more space between the molecules. Ice is therefore less dense than liquid water, and it floats.

P: What was the Renaissance?
F: La Renaissance est une période de l'histoire européenne, surtout aux quinzième et seizième siècles, marquée par un regain d'intérêt pour l'art et les idées de l'Antiquité. Elle commence en Italie, avec des artistes comme Léonard de Vinci, puis gagne la France et le reste de l'Europe.
E: The Renaissance is a period of European history, mainly in the fifteenth and sixteenth centuries, marked by renewed interest in the art and ideas of antiquity. It began in Italy, with artists such as Leonardo da Vinci, then spread to France and the rest of Europe.

P: How do bees make honey?
F: Les abeilles récoltent le nectar des fleurs et le transportent jusqu'à la ruche. Là, elles le transforment avec des enzymes et le font sécher en battant des ailes. Quand il est assez épais, elles ferment l'alvéole avec de la cire.
E: Bees collect nectar from flowers and carry it back to the hive. There, they transform it with enzymes and dry it out by fanning their wings. When it is thick enough, they seal the cell with wax.

P: Why do we get jet lag?
F: Notre corps suit une horloge interne d'environ vingt-quatre heures, réglée par la lumière. Après un long vol vers l'est ou l'ouest, cette horloge n'est plus accordée à l'heure locale, ce qui provoque fatigue, insomnie et manque d'appétit.
E: Our body follows an internal clock of about twenty-four hours, set by light. After a long flight east or west, that clock is out of step with local time, which causes tiredness, insomnia and loss of appetite.

P!: Reply in French: what does a central bank do?
F: Une banque centrale gère la monnaie d'un pays ou d'une zone, comme l'euro. Elle fixe les taux d'intérêt pour contrôler l'inflation et veille à la stabilité des banques.
E: A central bank manages the currency of a country or an area, such as the euro. It sets interest rates to keep inflation under control and watches over the stability of the banks.

P: How do noise-cancelling headphones work?
F: De petits micros captent les bruits extérieurs, et le casque produit aussitôt un son inverse. Les deux ondes s'annulent, ce qui efface surtout les bruits réguliers comme le moteur d'un avion.
E: Small microphones pick up outside noise, and the headphones immediately produce an opposite sound. The two waves cancel each other out, which mainly removes steady noises such as an aircraft engine.

P: Why is exercise good for your mood?
F: L'activité physique libère des substances, comme les endorphines, qui procurent une sensation de bien-être. Elle aide aussi à mieux dormir et à relâcher les tensions accumulées dans la journée.
E: Physical activity releases substances, such as endorphins, that give a feeling of wellbeing. It also helps you sleep better and release the tension built up during the day.

P: What is compound interest?
F: Ce sont des intérêts qui produisent eux-mêmes des intérêts. Si vous placez cent euros à cinq pour cent, vous avez cent cinq euros au bout d'un an, puis cent dix euros et vingt-cinq centimes l'année suivante, car les intérêts sont calculés sur le nouveau total.
E: It is interest that earns interest itself. If you invest a hundred euros at five per cent, you have a hundred and five euros after one year, then a hundred and ten euros and twenty-five cents the following year, because the interest is calculated on the new total.

P: Why do we see lightning before we hear thunder?
F: La lumière voyage beaucoup plus vite que le son. L'éclair nous parvient presque instantanément, alors que le tonnerre parcourt environ un kilomètre en trois secondes.
E: Light travels much faster than sound. The flash reaches us almost instantly, while the thunder covers about one kilometre every three seconds.

P: How does recycling paper work?
F: Le papier usagé est trempé dans l'eau et broyé pour former une pâte. On en retire l'encre et les agrafes, puis la pâte est étalée, pressée et séchée pour donner de nouvelles feuilles.
E: Used paper is soaked in water and shredded to form a pulp. The ink and staples are removed, then the pulp is spread out, pressed and dried to make new sheets.

P!: Answer in French, in two or three sentences: what is the greenhouse effect?
F: Certains gaz de l'atmosphère, comme le dioxyde de carbone, retiennent une partie de la chaleur que la Terre renvoie vers l'espace. Sans eux, la planète serait glaciale. Mais en en rejetant trop, nous renforçons cet effet et le climat se réchauffe.
E: Some gases in the atmosphere, such as carbon dioxide, trap part of the heat that the Earth sends back into space. Without them, the planet would be freezing. But by releasing too much of them, we strengthen this effect and the climate warms.

P: What makes a sourdough starter work?
F: Un levain est un mélange de farine et d'eau où vivent des levures sauvages et des bactéries. En le nourrissant régulièrement, on les garde actives : elles produisent le gaz qui fait lever le pain et l'acidité qui lui donne son goût.
E: A sourdough starter is a mix of flour and water in which wild yeasts and bacteria live. By feeding it regularly, you keep them active: they produce the gas that makes the bread rise and the acidity that gives it its flavour.

P: Why do some people snore?
F: Pendant le sommeil, les muscles de la gorge se relâchent et le passage de l'air se rétrécit. L'air qui passe fait alors vibrer les tissus mous, ce qui produit le ronflement. Dormir sur le côté aide souvent.
E: During sleep, the throat muscles relax and the airway narrows. The air passing through then makes the soft tissue vibrate, which produces the snoring. Sleeping on your side often helps.

P: What is a carbon footprint?
F: C'est la quantité de gaz à effet de serre liée à nos activités : se déplacer, se chauffer, manger, acheter des objets. On l'exprime en tonnes de CO2 par an.
E: It is the amount of greenhouse gas linked to our activities: travelling, heating, eating, buying things. It is expressed in tonnes of CO2 per year.

P: How do birds know where to migrate?
F: Les oiseaux s'orientent grâce à plusieurs repères : la position du soleil, les étoiles, le champ magnétique de la Terre et même certains paysages. Les jeunes apprennent souvent la route en suivant les adultes.
E: Birds find their way using several cues: the position of the sun, the stars, the Earth's magnetic field and even certain landscapes. The young often learn the route by following the adults.

P!: Explain in French what a sonnet is.
F: Un sonnet est un poème de quatorze vers, organisé en deux strophes de quatre vers suivies de deux strophes de trois vers. Les rimes suivent un schéma précis, et le dernier vers apporte souvent une chute.
E: A sonnet is a poem of fourteen lines, arranged in two four-line stanzas followed by two three-line stanzas. The rhymes follow a fixed pattern, and the last line often delivers a twist.

P: Why does bread go stale?
F: Ce n'est pas seulement qu'il sèche : l'amidon du pain se réorganise en refroidissant et devient plus dur. C'est pour cela qu'un pain rassis redevient moelleux quelques minutes au four.
E: It is not only that it dries out: the starch in the bread reorganises as it cools and becomes harder. That is why stale bread becomes soft again after a few minutes in the oven.

P: What does a router do in a home network?
F: Le routeur relie tous vos appareils à Internet. Il reçoit la connexion de votre fournisseur et la partage, en Wi-Fi ou par câble, en envoyant chaque paquet de données vers le bon appareil.
E: The router connects all your devices to the internet. It receives the connection from your provider and shares it, over Wi-Fi or by cable, sending each packet of data to the right device.

P: Why is it colder at the top of a mountain?
F: En altitude, l'air est moins dense et retient moins bien la chaleur. En gros, la température baisse d'environ six degrés chaque fois qu'on monte de mille mètres.
E: At altitude, the air is thinner and holds heat less well. Roughly speaking, the temperature drops by about six degrees for every thousand metres you climb.
""")

# ------------------------------------------------------------------ French 5: advice, work, study, longer answers
FRENCH.append(r"""
P: I have an exam in two weeks. How should I organise my revision?
F: Commencez par lister tous les chapitres et répartissez-les sur les dix premiers jours, en gardant les quatre derniers pour réviser l'ensemble et faire des exercices dans les conditions de l'examen. Travaillez par séances de quarante-cinq minutes avec de courtes pauses, et testez-vous plutôt que de relire vos notes : se poser des questions fixe beaucoup mieux les connaissances. Enfin, dormez suffisamment, surtout la veille.
E: Start by listing all the chapters and spread them over the first ten days, keeping the last four to review everything and do practice papers under exam conditions. Work in forty-five-minute sessions with short breaks, and test yourself rather than rereading your notes: asking yourself questions fixes knowledge much better. Finally, get enough sleep, especially the night before.

P: My neighbour's dog barks all day. What should I do?
F: Parlez-en d'abord calmement avec votre voisin : il ne sait peut-être pas que son chien aboie en son absence. Proposez-lui de noter les horaires pour l'aider à comprendre. Si rien ne change après quelques semaines, vous pouvez envoyer un courrier, puis contacter la mairie.
E: First talk to your neighbour calmly: they may not know that the dog barks while they are out. Offer to note down the times to help them understand. If nothing changes after a few weeks, you can send a letter, then contact the town hall.

P!: Answer in French: what are some tips for working from home?
F: Gardez des horaires fixes et un coin de travail séparé, même petit. Habillez-vous comme si vous alliez au bureau, faites une vraie pause à midi et sortez marcher un peu. Le soir, fermez l'ordinateur pour bien marquer la fin de la journée.
E: Keep fixed hours and a separate work corner, even a small one. Get dressed as if you were going to the office, take a proper lunch break and go out for a short walk. In the evening, shut the computer to clearly mark the end of the day.

P: How can I get better at remembering people's names?
F: Répétez le prénom dès qu'on vous le donne, par exemple « Ravi de vous rencontrer, Claire ». Associez-le à une image ou à quelqu'un que vous connaissez déjà, et réutilisez-le une fois dans la conversation.
E: Repeat the name as soon as you hear it, for example "Nice to meet you, Claire". Link it to an image or to someone you already know, and use it once more during the conversation.

P: Is it worth learning to type with ten fingers?
F: Oui, sans hésiter. Au début, vous irez plus lentement, mais après quelques semaines d'entraînement quotidien de quinze minutes, vous taperez plus vite et sans regarder le clavier, ce qui fatigue moins les yeux et le dos.
E: Yes, without hesitation. At first you will be slower, but after a few weeks of fifteen minutes' practice a day, you will type faster and without looking at the keyboard, which is less tiring for your eyes and back.

P: How do I ask my manager for a raise?
F: Demandez un rendez-vous dédié plutôt que d'en parler entre deux portes. Arrivez avec des faits : les projets que vous avez menés, les résultats obtenus et les salaires pratiqués pour des postes similaires. Annoncez un montant précis, puis laissez votre responsable réagir sans combler le silence.
E: Ask for a dedicated meeting rather than bringing it up in passing. Come with facts: the projects you have led, the results you achieved and the going salaries for similar roles. State a specific figure, then let your manager respond without filling the silence.

P: What's the best way to start running if I've never done it?
F: Alternez marche et course : une minute de course, deux minutes de marche, pendant vingt minutes, trois fois par semaine. Augmentez un peu la part de course chaque semaine. En deux mois, la plupart des débutants courent trente minutes sans s'arrêter.
E: Alternate walking and running: one minute of running, two minutes of walking, for twenty minutes, three times a week. Increase the running share a little each week. In two months, most beginners can run for thirty minutes without stopping.

P: My houseplant's leaves are turning yellow. Why?
F: Le plus souvent, c'est un excès d'eau : les racines étouffent. Vérifiez que le pot a un trou au fond et laissez sécher la terre entre deux arrosages. Si seules les vieilles feuilles du bas jaunissent, c'est peut-être simplement normal.
E: Most often it is overwatering: the roots are suffocating. Check that the pot has a hole in the bottom and let the soil dry out between waterings. If only the old lower leaves are turning yellow, it may simply be normal.

P: How do I become a morning person?
F: Avancez votre heure de coucher d'un quart d'heure chaque semaine plutôt que de tout changer d'un coup. Ouvrez les rideaux dès le réveil, car la lumière aide le corps à se régler, et prévoyez quelque chose d'agréable le matin, comme un bon café ou une courte promenade.
E: Bring your bedtime forward by a quarter of an hour each week rather than changing everything at once. Open the curtains as soon as you wake up, because light helps the body adjust, and plan something pleasant for the morning, such as a good coffee or a short walk.

P!: Please answer in French: how can I be more confident when speaking in meetings?
F: Préparez une ou deux remarques avant la réunion et lancez-vous dans les dix premières minutes : plus on attend, plus c'est difficile. Parlez un peu plus lentement que d'habitude et n'hésitez pas à poser des questions, c'est aussi une façon de participer.
E: Prepare one or two comments before the meeting and speak up in the first ten minutes: the longer you wait, the harder it gets. Speak a little more slowly than usual and don't hesitate to ask questions, which is also a way of taking part.

P: What should I consider before adopting a cat?
F: Un chat vit souvent quinze ans ou plus, c'est donc un engagement de long terme. Pensez au coût de la nourriture et du vétérinaire, à qui le gardera pendant vos vacances et à votre logement : certains propriétaires interdisent les animaux. Si vous travaillez beaucoup, adopter deux chats ensemble peut être une bonne idée.
E: A cat often lives for fifteen years or more, so it is a long-term commitment. Think about the cost of food and the vet, who will look after it during your holidays and your home: some landlords don't allow pets. If you work long hours, adopting two cats together can be a good idea.

P: How do I deal with a colleague who keeps interrupting me?
F: Restez calme et terminez votre phrase d'un ton ferme : « Je finis mon idée, et je t'écoute ensuite. » Si cela continue, parlez-en en privé avec cette personne, sans reproche, en expliquant l'effet que cela a sur vous.
E: Stay calm and finish your sentence in a firm tone: "Let me finish my point, then I'll listen to you." If it keeps happening, talk to the person privately, without blaming, explaining the effect it has on you.

P: Should I buy a new laptop or repair my old one?
F: Si la réparation coûte moins d'un tiers du prix d'un appareil neuf et que l'ordinateur vous suffit encore, réparez-le. Changer une batterie ou ajouter de la mémoire peut lui redonner plusieurs années. S'il est très lent même pour des tâches simples, mieux vaut investir dans un nouveau.
E: If the repair costs less than a third of the price of a new machine and the computer is still good enough for you, repair it. Replacing a battery or adding memory can give it several more years. If it is very slow even for simple tasks, it is better to invest in a new one.

P: How do I make friends in a new city?
F: Inscrivez-vous à une activité régulière, comme un club de sport, une chorale ou un atelier, car on se lie surtout en revoyant les mêmes personnes chaque semaine. Acceptez les invitations, même quand vous êtes fatigué, et osez proposer un café à quelqu'un que vous trouvez sympathique.
E: Sign up for a regular activity, such as a sports club, a choir or a workshop, because friendships form mostly by seeing the same people every week. Accept invitations, even when you are tired, and dare to suggest a coffee to someone you like.

P: How much water should I drink a day?
F: Pour un adulte, environ un litre et demi de boissons par jour suffit en général, en plus de l'eau contenue dans les aliments. Buvez davantage quand il fait chaud ou quand vous faites du sport.
E: For an adult, about one and a half litres of drinks a day is usually enough, on top of the water contained in food. Drink more when it is hot or when you exercise.

P!: In French: any advice for a first trip abroad alone?
F: Gardez une copie de votre passeport dans votre téléphone et une autre sur papier. Réservez au moins la première nuit à l'avance, apprenez quelques mots de la langue locale et prévenez un proche de votre itinéraire. Pour le reste, laissez-vous surprendre : c'est souvent en voyageant seul qu'on fait les plus belles rencontres.
E: Keep a copy of your passport on your phone and another on paper. Book at least the first night in advance, learn a few words of the local language and let someone close to you know your route. For the rest, let yourself be surprised: it is often when travelling alone that you meet the most wonderful people.

P: How do I stop procrastinating?
F: Découpez la tâche en une toute petite première étape, si simple qu'elle paraît ridicule : ouvrir le document, écrire un titre. Mettez un minuteur de vingt-cinq minutes et rangez votre téléphone dans une autre pièce. Une fois lancé, on continue souvent bien au-delà.
E: Break the task into a tiny first step, so simple it seems silly: open the document, write a title. Set a twenty-five-minute timer and put your phone in another room. Once you have started, you often carry on well beyond that.

P: What should I write in a thank-you note after an interview?
F: Remerciez la personne pour son temps, rappelez en une phrase ce qui vous a plu dans l'échange et redites brièvement pourquoi le poste vous intéresse. Restez court : cinq ou six lignes suffisent.
E: Thank the person for their time, recall in one sentence what you enjoyed about the conversation and briefly restate why the job interests you. Keep it short: five or six lines are enough.

P: How should I care for a wooden chopping board?
F: Lavez-la à la main avec de l'eau chaude et un peu de savon, jamais au lave-vaisselle. Séchez-la debout pour que l'air circule des deux côtés, et huilez-la une fois par mois avec de l'huile alimentaire.
E: Wash it by hand with hot water and a little soap, never in the dishwasher. Dry it standing up so that air circulates on both sides, and oil it once a month with food-safe oil.

P: I want to learn to cook. Where should I start?
F: Commencez par cinq recettes simples que vous aimez vraiment, comme une omelette, une soupe, des pâtes à la tomate, un poulet rôti et une salade composée. Refaites-les plusieurs fois jusqu'à les réussir sans regarder la recette, puis variez les ingrédients. Investissez dans un bon couteau et une grande poêle : c'est l'essentiel.
E: Start with five simple recipes you really like, such as an omelette, a soup, tomato pasta, a roast chicken and a mixed salad. Make them several times until you can get them right without looking at the recipe, then vary the ingredients. Invest in a good knife and a large frying pan: that is the essentials.

P: How can I reduce screen time in the evening?
F: Fixez une heure après laquelle le téléphone reste dans le salon, en charge. Remplacez ce temps par une activité concrète, comme lire, cuisiner ou appeler un ami. Activez aussi le mode nuit, qui rend l'écran moins attirant.
E: Set a time after which the phone stays in the living room, charging. Replace that time with a concrete activity, such as reading, cooking or calling a friend. Also turn on night mode, which makes the screen less tempting.

P!: Answer in French. What should I bring to a dinner party?
F: Une bouteille de vin, des fleurs ou un dessert font toujours plaisir. Demandez à l'hôte s'il a besoin de quelque chose en particulier, et évitez d'apporter un plat à servir tout de suite s'il n'était pas prévu.
E: A bottle of wine, flowers or a dessert are always welcome. Ask the host whether they need anything in particular, and avoid bringing a dish that must be served right away if it wasn't planned.

P: How do I keep my bike from being stolen?
F: Utilisez un bon antivol en U et attachez le cadre, pas seulement la roue, à un support solide. Garez-vous dans un endroit éclairé et fréquenté, et faites graver le vélo pour pouvoir le retrouver.
E: Use a good D-lock and fasten the frame, not just the wheel, to a solid stand. Park somewhere well lit and busy, and have the bike engraved so it can be traced.

P: Any tips for a long car journey with children?
F: Partez tôt le matin, quand ils dorment encore à moitié, et prévoyez une pause toutes les deux heures pour qu'ils se dépensent. Préparez un sac avec des en-cas, de l'eau, des livres audio et quelques jeux simples. Évitez les écrans pendant toute la route, sinon ils s'ennuient encore plus ensuite.
E: Leave early in the morning, while they are still half asleep, and plan a stop every two hours so they can let off steam. Pack a bag with snacks, water, audiobooks and a few simple games. Avoid screens for the whole trip, otherwise they get even more bored afterwards.

P: How do I choose a good watermelon?
F: Cherchez une tache jaune crème sur le côté, là où le fruit a mûri au sol. Il doit être lourd pour sa taille et sonner creux quand on tape dessus.
E: Look for a creamy yellow patch on the side, where the fruit ripened on the ground. It should be heavy for its size and sound hollow when you tap it.

P: What is a healthy lunch I can prepare the night before?
F: Une salade de lentilles avec des carottes râpées, de la feta et quelques noix se garde très bien jusqu'au lendemain. Ajoutez la vinaigrette dans un petit pot à part pour que tout reste croquant.
E: A lentil salad with grated carrots, feta and a few walnuts keeps very well until the next day. Put the dressing in a small separate jar so that everything stays crunchy.

P: How do I apologise to a friend I upset?
F: Contactez-le rapidement, de préférence de vive voix. Reconnaissez ce que vous avez fait sans vous justifier, dites que vous comprenez que cela l'ait blessé, puis demandez ce qui pourrait l'aider. Ensuite, laissez-lui le temps dont il a besoin.
E: Get in touch quickly, preferably in person. Acknowledge what you did without making excuses, say that you understand it hurt them, then ask what might help. After that, give them the time they need.

P!: Could you reply in French? How do I choose a good pair of running shoes?
F: Essayez-les en fin de journée, quand les pieds sont un peu gonflés, et avec vos chaussettes de sport. Il faut environ un pouce d'espace devant les orteils. Si possible, courez quelques minutes en magasin : le confort immédiat est le meilleur critère.
E: Try them on at the end of the day, when your feet are slightly swollen, and with your sports socks. You need about a thumb's width of space in front of your toes. If possible, run for a few minutes in the shop: immediate comfort is the best guide.

P: How do I start a vegetable garden on a balcony?
F: Choisissez des pots profonds et du bon terreau, puis commencez par des plantes faciles : tomates cerises, salades, radis et herbes aromatiques. Vérifiez l'ensoleillement, car la plupart des légumes veulent au moins six heures de soleil par jour, et arrosez le soir en été.
E: Choose deep pots and good compost, then start with easy plants: cherry tomatoes, lettuces, radishes and herbs. Check how much sun you get, because most vegetables need at least six hours of sunshine a day, and water in the evening in summer.

P: How do I handle a toddler's tantrum in a shop?
F: Restez calme et parlez doucement, à sa hauteur. Nommez son émotion, « tu es très en colère parce que tu voulais ce gâteau », sans céder sur le fond. Si besoin, sortez quelques minutes le temps que la crise passe.
E: Stay calm and speak softly, at their level. Name the emotion, "you're very angry because you wanted that cake", without giving in on the substance. If needed, step outside for a few minutes while the tantrum passes.
""")

# ------------------------------------------------------------------ French 6: facts, places, history, culture
FRENCH.append(r"""
P: What is the capital of Canada?
F: La capitale du Canada est Ottawa, et non Toronto ou Montréal comme on le croit souvent.
E: The capital of Canada is Ottawa, and not Toronto or Montreal as people often think.

P: Who painted the Mona Lisa?
F: La Joconde a été peinte par Léonard de Vinci au début du seizième siècle. Elle est aujourd'hui exposée au musée du Louvre, à Paris.
E: The Mona Lisa was painted by Leonardo da Vinci at the beginning of the sixteenth century. It is now on display in the Louvre museum in Paris.

P: How long is the Loire river?
F: La Loire mesure un peu plus de mille kilomètres, ce qui en fait le plus long fleuve de France. Elle prend sa source dans le Massif central et se jette dans l'océan Atlantique près de Saint-Nazaire.
E: The Loire is just over a thousand kilometres long, which makes it the longest river in France. It rises in the Massif Central and flows into the Atlantic Ocean near Saint-Nazaire.

P!: Answer in French: what is Bastille Day?
F: Le 14 juillet est la fête nationale française. Elle rappelle la prise de la Bastille en 1789, au début de la Révolution. On la célèbre avec un défilé militaire à Paris, des bals populaires et des feux d'artifice.
E: The fourteenth of July is the French national holiday. It commemorates the storming of the Bastille in 1789, at the start of the Revolution. It is celebrated with a military parade in Paris, public dances and fireworks.

P: Which planet is closest to the Sun?
F: C'est Mercure. Elle fait le tour du Soleil en seulement quatre-vingt-huit jours, mais ses journées sont extrêmement longues.
E: It is Mercury. It goes around the Sun in only eighty-eight days, but its days are extremely long.

P: What languages are spoken in Switzerland?
F: La Suisse a quatre langues nationales : l'allemand, le français, l'italien et le romanche. L'allemand est la plus parlée, surtout dans le nord et le centre du pays, tandis que le français domine à l'ouest.
E: Switzerland has four national languages: German, French, Italian and Romansh. German is the most widely spoken, especially in the north and centre of the country, while French dominates in the west.

P: When did the Berlin Wall fall?
F: Le mur de Berlin est tombé le 9 novembre 1989. Ce soir-là, des milliers d'Allemands de l'Est ont franchi la frontière, et l'Allemagne a été réunifiée moins d'un an plus tard.
E: The Berlin Wall fell on the ninth of November 1989. That night, thousands of East Germans crossed the border, and Germany was reunified less than a year later.

P: What is the highest mountain in Western Europe?
F: C'est le mont Blanc, à la frontière entre la France et l'Italie. Il culmine à environ quatre mille huit cents mètres.
E: It is Mont Blanc, on the border between France and Italy. It rises to about four thousand eight hundred metres.

P: Who was Marie Curie?
F: Marie Curie était une physicienne et chimiste d'origine polonaise qui a travaillé en France. Elle a découvert le polonium et le radium avec son mari Pierre, et elle reste la seule personne à avoir reçu un prix Nobel dans deux sciences différentes.
E: Marie Curie was a Polish-born physicist and chemist who worked in France. She discovered polonium and radium with her husband Pierre, and she remains the only person to have won a Nobel Prize in two different sciences.

P!: Please answer in French: what is a croque-monsieur?
F: C'est un sandwich chaud fait de deux tranches de pain de mie, de jambon et de fromage, le plus souvent de l'emmental, gratiné au four. Avec un œuf au plat par-dessus, il devient un croque-madame.
E: It is a hot sandwich made of two slices of white bread, ham and cheese, usually Emmental, grilled in the oven. With a fried egg on top, it becomes a croque-madame.

P: How many bones are in the human body?
F: Un adulte possède deux cent six os. Un bébé en a davantage, mais plusieurs se soudent entre eux pendant la croissance.
E: An adult has two hundred and six bones. A baby has more, but several fuse together during growth.

P: What is the Eiffel Tower made of?
F: La tour Eiffel est construite en fer puddlé, assemblé par environ deux millions et demi de rivets. Elle est repeinte tous les sept ans environ pour la protéger de la rouille.
E: The Eiffel Tower is built of wrought iron, held together by about two and a half million rivets. It is repainted roughly every seven years to protect it from rust.

P: Why is Venice built on water?
F: Au cinquième siècle, des habitants de la région ont fui les invasions en se réfugiant sur les îlots d'une lagune, plus faciles à défendre. Ils ont planté des pieux de bois dans la vase pour construire dessus, et la ville s'est développée ainsi.
E: In the fifth century, people from the region fled invasions by taking refuge on the islets of a lagoon, which were easier to defend. They drove wooden piles into the mud to build on, and the city grew that way.

P: What is the largest ocean?
F: L'océan Pacifique est de loin le plus grand. Il couvre environ un tiers de la surface de la Terre.
E: The Pacific Ocean is by far the largest. It covers about a third of the Earth's surface.

P: Who wrote "Les Misérables"?
F: C'est Victor Hugo qui a écrit « Les Misérables », publié en 1862. Le roman suit Jean Valjean, un ancien bagnard qui cherche à se racheter dans la France du dix-neuvième siècle.
E: Victor Hugo wrote "Les Misérables", published in 1862. The novel follows Jean Valjean, a former convict seeking redemption in nineteenth-century France.

P!: Answer in French: what is the euro?
F: L'euro est la monnaie commune de vingt pays de l'Union européenne. Les billets et les pièces sont entrés en circulation le premier janvier 2002.
E: The euro is the common currency of twenty countries in the European Union. The notes and coins came into circulation on the first of January 2002.

P: What do pandas eat?
F: Les pandas géants mangent presque exclusivement du bambou, jusqu'à douze kilos par jour. Comme cette plante est peu nourrissante, ils passent la plus grande partie de leur journée à manger ou à dormir.
E: Giant pandas eat almost nothing but bamboo, up to twelve kilos a day. Because the plant is not very nourishing, they spend most of their day eating or sleeping.

P: How far is the Moon from Earth?
F: La Lune se trouve en moyenne à environ trois cent quatre-vingt-quatre mille kilomètres de la Terre. Sa lumière met un peu plus d'une seconde pour nous parvenir.
E: The Moon is on average about three hundred and eighty-four thousand kilometres from the Earth. Its light takes just over a second to reach us.

P: What is the Tour de France?
F: C'est la plus célèbre course cycliste du monde. Chaque été, pendant trois semaines, les coureurs parcourent environ trois mille cinq cents kilomètres à travers la France, avec une arrivée sur les Champs-Élysées.
E: It is the most famous cycling race in the world. Every summer, for three weeks, the riders cover about three thousand five hundred kilometres across France, finishing on the Champs-Élysées.

P: What is a fjord?
F: Un fjord est une vallée creusée par un glacier puis envahie par la mer. On en trouve beaucoup en Norvège, avec des falaises très hautes qui plongent dans une eau profonde et calme.
E: A fjord is a valley carved by a glacier and then flooded by the sea. There are many in Norway, with very high cliffs that drop into deep, calm water.

P: Who invented the printing press?
F: Johannes Gutenberg a mis au point l'imprimerie à caractères mobiles vers 1450, à Mayence. Son invention a permis de produire des livres bien plus vite et moins cher qu'à la main.
E: Johannes Gutenberg developed printing with movable type around 1450, in Mainz. His invention made it possible to produce books much faster and more cheaply than by hand.

P!: Answer in French: which countries border France?
F: La France partage une frontière avec la Belgique, le Luxembourg, l'Allemagne, la Suisse, l'Italie, Monaco, l'Espagne et Andorre. Elle a aussi une frontière avec le Brésil et le Suriname, grâce à la Guyane.
E: France shares a border with Belgium, Luxembourg, Germany, Switzerland, Italy, Monaco, Spain and Andorra. It also has a border with Brazil and Suriname, thanks to French Guiana.

P: What is the speed of sound?
F: Dans l'air, à vingt degrés, le son parcourt environ trois cent quarante mètres par seconde. Il va bien plus vite dans l'eau ou dans l'acier.
E: In air, at twenty degrees, sound travels about three hundred and forty metres per second. It goes much faster in water or in steel.

P: Why is Provence famous?
F: La Provence est connue pour ses champs de lavande, ses villages perchés, ses marchés colorés et sa lumière qui a attiré de nombreux peintres, comme Cézanne et Van Gogh. On y mange aussi une cuisine à l'huile d'olive, riche en légumes et en herbes.
E: Provence is known for its lavender fields, its hilltop villages, its colourful markets and its light, which attracted many painters, such as Cézanne and Van Gogh. The cooking there is based on olive oil, rich in vegetables and herbs.

P: What is the smallest country in the world?
F: C'est le Vatican, enclavé dans la ville de Rome. Il couvre moins d'un demi-kilomètre carré et compte quelques centaines d'habitants.
E: It is the Vatican, surrounded by the city of Rome. It covers less than half a square kilometre and has a few hundred inhabitants.

P: How old is the universe?
F: D'après les mesures actuelles, l'univers a environ treize milliards huit cents millions d'années, bien plus que la Terre.
E: According to current measurements, the universe is about thirteen point eight billion years old, far older than the Earth.

P!: Reply in French: what is a baguette made of?
F: Une baguette traditionnelle ne contient que quatre ingrédients : de la farine de blé, de l'eau, du sel et de la levure ou du levain. C'est la fermentation lente et la cuisson qui lui donnent sa croûte dorée et sa mie alvéolée.
E: A traditional baguette contains only four ingredients: wheat flour, water, salt and yeast or sourdough. It is the slow fermentation and the baking that give it its golden crust and airy crumb.

P: What is the Amazon rainforest?
F: C'est la plus grande forêt tropicale du monde, qui s'étend sur neuf pays d'Amérique du Sud, principalement le Brésil. Elle abrite une diversité immense d'animaux et de plantes et joue un rôle important dans le climat de la planète.
E: It is the largest tropical rainforest in the world, spread over nine South American countries, mainly Brazil. It is home to an immense variety of animals and plants and plays an important role in the planet's climate.

P: Who was Napoleon Bonaparte?
F: Napoléon Bonaparte était un général devenu empereur des Français en 1804. Il a conquis une grande partie de l'Europe avant d'être vaincu à Waterloo en 1815. On lui doit aussi le Code civil, qui inspire encore de nombreuses lois.
E: Napoleon Bonaparte was a general who became Emperor of the French in 1804. He conquered much of Europe before being defeated at Waterloo in 1815. He is also responsible for the Civil Code, which still inspires many laws.

P: What is the longest river in the world?
F: Les spécialistes hésitent entre le Nil et l'Amazone, car tout dépend de l'endroit où l'on place la source. Chacun mesure environ six mille cinq cents kilomètres.
E: Experts hesitate between the Nile and the Amazon, because it all depends on where you place the source. Each is about six thousand five hundred kilometres long.
""")

# ------------------------------------------------------------------ French 7: short writing tasks, tech, health, money
FRENCH.append(r"""
P: Write a short note to tell my flatmate I'll be home late.
F: Salut ! Je rentre tard ce soir, vers vingt-trois heures. Ne m'attends pas pour dîner, et laisse la lumière de l'entrée allumée, s'il te plaît. Merci !
E: Hi! I'll be home late tonight, around eleven. Don't wait for me for dinner, and please leave the hall light on. Thanks!

P: Write a two-sentence message wishing a colleague happy birthday.
F: Joyeux anniversaire ! Je te souhaite une très belle journée et une année pleine de bonnes surprises.
E: Happy birthday! I wish you a lovely day and a year full of good surprises.

P!: Answer in French: write a quick text to cancel a dentist appointment.
F: Bonjour, je suis désolé mais je dois annuler mon rendez-vous de jeudi à dix heures. Pourriez-vous me proposer un autre créneau la semaine prochaine ? Merci beaucoup.
E: Hello, I'm sorry but I have to cancel my appointment on Thursday at ten. Could you offer me another slot next week? Thank you very much.

P: Write a short out-of-office reply.
F: Bonjour, je suis absent du bureau jusqu'au lundi 12 et je n'ai pas accès à mes messages. Pour toute urgence, vous pouvez contacter ma collègue à l'adresse indiquée ci-dessous. Je vous répondrai dès mon retour.
E: Hello, I am out of the office until Monday the 12th and have no access to my messages. For anything urgent, you can contact my colleague at the address below. I will reply as soon as I return.

P: Write a note for a neighbour asking them to water my plants.
F: Bonjour ! Je pars en vacances du 3 au 10 août. Accepteriez-vous d'arroser mes plantes deux fois pendant mon absence ? Je vous laisse la clé et je vous rapporterai une petite douceur. Merci d'avance !
E: Hello! I'm going on holiday from the 3rd to the 10th of August. Would you be willing to water my plants twice while I'm away? I'll leave you the key and bring you back a little treat. Thanks in advance!

P: How do I take a screenshot on a laptop?
F: Sous Windows, appuyez sur Windows, Maj et S en même temps, puis sélectionnez la zone voulue. Sur un Mac, utilisez Commande, Maj et 4. L'image est ensuite copiée ou enregistrée sur le bureau.
E: On Windows, press Windows, Shift and S together, then select the area you want. On a Mac, use Command, Shift and 4. The image is then copied or saved to the desktop.

P: What is two-factor authentication?
F: C'est une protection supplémentaire pour vos comptes. En plus du mot de passe, il faut fournir une deuxième preuve, par exemple un code reçu par SMS ou généré par une application. Même si quelqu'un vole votre mot de passe, il ne peut donc pas se connecter.
E: It is an extra layer of protection for your accounts. As well as the password, you have to provide a second proof, such as a code received by text message or generated by an app. Even if someone steals your password, they cannot log in.

P!: In French, please: why is my phone battery draining so fast?
F: Les causes les plus fréquentes sont une luminosité trop forte, la localisation activée en permanence et des applications qui tournent en arrière-plan. Regardez dans les réglages quelles applications consomment le plus. Si la batterie a plus de trois ans, elle est peut-être simplement usée.
E: The most common causes are the screen being too bright, location being on all the time and apps running in the background. Check in the settings which apps use the most. If the battery is more than three years old, it may simply be worn out.

P: What's a simple way to make a monthly budget?
F: Notez d'abord vos revenus, puis vos dépenses fixes comme le loyer et les factures. Fixez ensuite un montant pour les courses et les loisirs, et mettez de côté une petite somme dès que votre salaire arrive, avant de dépenser le reste.
E: First write down your income, then your fixed costs such as rent and bills. Then set an amount for groceries and leisure, and put aside a small sum as soon as your salary arrives, before spending the rest.

P: Is it a good idea to pay off my credit card in full every month?
F: Oui, c'est la meilleure habitude à prendre. Les intérêts sur les cartes de crédit sont très élevés, et en remboursant tout chaque mois, vous n'en payez aucun.
E: Yes, it is the best habit to have. Interest on credit cards is very high, and by paying everything off each month, you pay none at all.

P: What are the signs of dehydration?
F: Une soif intense, une bouche sèche, des urines foncées, des maux de tête et de la fatigue sont les signes les plus courants. Chez les personnes âgées, la soif est parfois absente, il faut donc surveiller la couleur des urines.
E: Intense thirst, a dry mouth, dark urine, headaches and tiredness are the most common signs. In older people thirst is sometimes absent, so it is worth watching the colour of the urine.

P: How can I tell if I need new glasses?
F: Si vous plissez les yeux pour lire, si vous avez souvent mal à la tête après l'écran ou si la conduite de nuit devient difficile, prenez rendez-vous chez un ophtalmologiste. Un contrôle tous les deux ans est conseillé de toute façon.
E: If you squint to read, often get headaches after screen work or find driving at night difficult, make an appointment with an eye doctor. A check-up every two years is recommended anyway.

P!: Please respond in French: how do I clear my browser cache?
F: Ouvrez les paramètres du navigateur, allez dans la rubrique confidentialité et choisissez « Effacer les données de navigation ». Cochez seulement les images et fichiers en cache, sélectionnez la période, puis validez. Rechargez ensuite la page qui posait problème.
E: Open the browser settings, go to the privacy section and choose "Clear browsing data". Tick only cached images and files, select the time range, then confirm. Then reload the page that was causing trouble.

P: What's the difference between a debit card and a credit card?
F: Avec une carte de débit, l'argent est retiré directement de votre compte. Avec une carte de crédit, la banque vous prête la somme et vous la remboursez plus tard, parfois avec des intérêts.
E: With a debit card, the money is taken directly from your account. With a credit card, the bank lends you the amount and you pay it back later, sometimes with interest.

P: Write a short message inviting friends to a picnic on Saturday.
F: Coucou tout le monde ! On organise un pique-nique samedi midi au parc, près du grand étang. Chacun apporte un plat ou une boisson. Dites-moi si vous venez, et n'oubliez pas une couverture !
E: Hi everyone! We're having a picnic on Saturday at lunchtime in the park, near the big pond. Everyone brings a dish or a drink. Let me know if you're coming, and don't forget a blanket!

P: How do I treat a minor burn?
F: Passez immédiatement la brûlure sous l'eau froide du robinet pendant une quinzaine de minutes. N'appliquez ni beurre ni glace. Couvrez ensuite avec une compresse propre. Si la brûlure est grande ou touche le visage, consultez un médecin.
E: Put the burn under cold running water straight away for about fifteen minutes. Don't apply butter or ice. Then cover it with a clean dressing. If the burn is large or on the face, see a doctor.

P: What is cloud storage?
F: C'est un service qui garde vos fichiers sur des serveurs distants plutôt que sur votre seul appareil. Vous pouvez y accéder depuis n'importe où avec une connexion Internet, et vos documents sont protégés si votre ordinateur tombe en panne.
E: It is a service that keeps your files on remote servers rather than only on your own device. You can reach them from anywhere with an internet connection, and your documents are safe if your computer breaks down.

P: Write a one-line caption for a photo of a sunset over the sea.
F: Le soleil plonge dans la mer et emporte avec lui toute la fatigue de la journée.
E: The sun sinks into the sea and takes all the tiredness of the day along with it.

P!: Answer in French: how do I recognise a phishing email?
F: Méfiez-vous des messages qui vous pressent d'agir, qui contiennent des fautes ou qui viennent d'une adresse étrange. Ne cliquez pas sur les liens : passez la souris dessus pour voir la vraie adresse. Une banque ne vous demandera jamais votre mot de passe par e-mail.
E: Be wary of messages that urge you to act quickly, contain mistakes or come from an odd address. Don't click on the links: hover the mouse over them to see the real address. A bank will never ask for your password by email.

P: Is it better to rent or to buy a home?
F: Acheter est intéressant si vous comptez rester au même endroit au moins sept ou huit ans et si vous avez un apport. Louer offre plus de liberté pour déménager et évite les frais d'entretien. La réponse dépend donc surtout de vos projets.
E: Buying makes sense if you plan to stay in the same place for at least seven or eight years and have a deposit. Renting gives more freedom to move and avoids maintenance costs. So the answer depends mostly on your plans.

P: Write a short thank-you message for a gift.
F: Merci beaucoup pour le joli carnet ! Il est parfait, je l'emporterai dans tous mes voyages. Ça m'a vraiment touché que tu aies pensé à moi.
E: Thank you so much for the lovely notebook! It's perfect, I'll take it on all my travels. I was really touched that you thought of me.

P: What does "unsubscribe" do in a newsletter?
F: Ce lien vous retire de la liste d'envoi. Après un ou deux jours, vous ne devriez plus recevoir de messages de cet expéditeur.
E: This link removes you from the mailing list. After a day or two, you should no longer receive messages from that sender.

P: Give me three ideas for a quick dinner.
F: Des pâtes au pesto avec des tomates cerises, une omelette aux champignons avec une salade verte, ou des tortillas garnies de haricots rouges, de fromage et d'avocat. Chacune se prépare en moins de vingt minutes.
E: Pasta with pesto and cherry tomatoes, a mushroom omelette with a green salad, or tortillas filled with kidney beans, cheese and avocado. Each one takes less than twenty minutes to make.

P: Why should I update my software?
F: Les mises à jour corrigent des failles de sécurité que des pirates pourraient exploiter. Elles règlent aussi des bugs et ajoutent parfois de nouvelles fonctions. Activez les mises à jour automatiques pour ne pas avoir à y penser.
E: Updates fix security holes that hackers could exploit. They also fix bugs and sometimes add new features. Turn on automatic updates so you don't have to think about it.

P!: Reply in French: write a short message congratulating a friend on a new job.
F: Bravo pour ton nouveau poste ! Tu le mérites vraiment après tous tes efforts. J'ai hâte que tu me racontes tes premiers jours autour d'un verre.
E: Congratulations on your new job! You really deserve it after all your hard work. I can't wait for you to tell me about your first days over a drink.

P: How do I get rid of hiccups?
F: Buvez un verre d'eau lentement, par petites gorgées, ou retenez votre respiration une dizaine de secondes. Le hoquet disparaît généralement tout seul en quelques minutes.
E: Drink a glass of water slowly, in small sips, or hold your breath for about ten seconds. Hiccups usually go away on their own within a few minutes.

P: What is a pension?
F: Une pension de retraite est une somme versée chaque mois à une personne qui a arrêté de travailler. Elle est financée par les cotisations prélevées sur les salaires pendant la vie active.
E: A retirement pension is a sum paid every month to someone who has stopped working. It is funded by contributions taken from wages during a person's working life.

P: Write a short reminder for a team meeting tomorrow.
F: Petit rappel : réunion d'équipe demain à neuf heures trente, en salle B. Pensez à apporter vos chiffres du mois. La réunion ne durera pas plus d'une heure.
E: Quick reminder: team meeting tomorrow at half past nine, in room B. Remember to bring your figures for the month. The meeting will not last more than an hour.

P: What is a good stretch for lower back pain?
F: Allongez-vous sur le dos, ramenez un genou vers la poitrine avec les mains et gardez la position trente secondes en respirant calmement. Changez de jambe, puis faites-le avec les deux genoux. Arrêtez si la douleur augmente.
E: Lie on your back, pull one knee towards your chest with your hands and hold for thirty seconds while breathing calmly. Switch legs, then do it with both knees. Stop if the pain gets worse.

P: How do I connect wireless earbuds to my phone?
F: Activez le Bluetooth sur le téléphone, puis ouvrez le boîtier des écouteurs pour les mettre en mode appairage. Ils devraient apparaître dans la liste des appareils : touchez leur nom et attendez la confirmation.
E: Turn on Bluetooth on the phone, then open the earbuds' case to put them in pairing mode. They should appear in the list of devices: tap their name and wait for the confirmation.
""")

# ------------------------------------------------------------------ French 8: hobbies, nature, family, opinions
FRENCH.append(r"""
P: What's a good hobby to pick up in winter?
F: Le tricot est idéal : il coûte peu, se pratique au chaud sur le canapé et donne un résultat concret, comme une écharpe ou un bonnet. La poterie, la lecture ou un instrument de musique sont aussi de belles options pour les longues soirées.
E: Knitting is ideal: it costs little, can be done in the warm on the sofa and gives a concrete result, such as a scarf or a hat. Pottery, reading or a musical instrument are also good options for the long evenings.

P: How do I start learning the guitar?
F: Apprenez d'abord quatre accords simples, comme sol, do, ré et mi mineur : ils suffisent pour jouer des centaines de chansons. Jouez un peu chaque jour, même dix minutes, plutôt qu'une heure le dimanche. Vos doigts auront mal la première semaine, c'est normal.
E: First learn four simple chords, such as G, C, D and E minor: they are enough to play hundreds of songs. Play a little every day, even ten minutes, rather than an hour on Sunday. Your fingers will hurt the first week, that's normal.

P!: Answer in French: what is your favourite season and why?
F: Je préfère l'automne. J'aime la lumière dorée de fin d'après-midi, les promenades dans les feuilles et le retour des soupes chaudes. C'est aussi la saison des pommes, des châtaignes et des premiers feux de cheminée.
E: I prefer autumn. I love the golden late-afternoon light, walks through the leaves and the return of hot soups. It is also the season of apples, chestnuts and the first fires in the fireplace.

P: How do I attract birds to my garden?
F: Installez une mangeoire avec des graines de tournesol et un point d'eau peu profond, que vous changerez souvent. Plantez des haies et des arbustes à baies, qui offrent à la fois nourriture et abri. Évitez les pesticides.
E: Put up a feeder with sunflower seeds and a shallow water dish, which you change often. Plant hedges and berry bushes, which offer both food and shelter. Avoid pesticides.

P: What should I know before going on a long hike?
F: Vérifiez la météo et prévenez quelqu'un de votre itinéraire. Emportez plus d'eau que vous ne pensez en avoir besoin, de quoi grignoter, une couche chaude et une carte, car le téléphone ne capte pas toujours. Partez tôt pour avoir de la marge avant la nuit.
E: Check the weather and tell someone your route. Take more water than you think you'll need, something to snack on, a warm layer and a map, because phones don't always get a signal. Set off early so you have some margin before nightfall.

P: How can I help my child enjoy reading?
F: Lisez avec lui chaque soir, même quand il sait lire seul, et laissez-le choisir ses livres, bandes dessinées comprises. Montrez-lui que vous lisez aussi. Le plaisir compte bien plus que le niveau du livre.
E: Read with them every evening, even once they can read alone, and let them choose their books, comics included. Show them that you read too. Enjoyment matters far more than the level of the book.

P: Why do dogs wag their tails?
F: Les chiens remuent la queue pour communiquer. Un mouvement large et souple montre en général qu'ils sont contents, alors qu'une queue haute et raide qui bouge vite peut signaler de la tension.
E: Dogs wag their tails to communicate. A wide, loose movement usually shows that they are happy, whereas a high, stiff tail moving quickly can signal tension.

P: What is a good board game for a family evening?
F: Les Aventuriers du Rail plaît à presque tout le monde : les règles s'apprennent en dix minutes, les enfants dès huit ans peuvent jouer et les parties durent moins d'une heure. Pour rire davantage, Dixit est aussi une excellente idée.
E: Ticket to Ride appeals to almost everyone: the rules take ten minutes to learn, children from eight can play and games last under an hour. For more laughs, Dixit is also an excellent choice.

P: How do I take better photos with my phone?
F: Nettoyez l'objectif, qui est souvent couvert de traces de doigts. Placez le sujet un peu sur le côté plutôt qu'au centre, et photographiez avec la lumière dans le dos. Évitez le zoom numérique : rapprochez-vous plutôt.
E: Clean the lens, which is often covered in fingerprints. Place the subject slightly to one side rather than in the centre, and shoot with the light behind you. Avoid digital zoom: move closer instead.

P!: Please answer in French: is it hard to learn to swim as an adult?
F: Non, pas du tout, même si cela demande un peu de patience. Le plus difficile est souvent d'apprendre à se détendre dans l'eau. Avec quelques cours particuliers, la plupart des adultes nagent une longueur en quelques semaines.
E: No, not at all, though it takes a bit of patience. The hardest part is often learning to relax in the water. With a few private lessons, most adults can swim a length within a few weeks.

P: What's a good way to spend an afternoon with grandparents?
F: Proposez-leur de regarder ensemble de vieilles photos : ils raconteront des histoires que vous n'avez jamais entendues. Vous pouvez aussi cuisiner une de leurs recettes, jouer aux cartes ou faire une courte promenade suivie d'un goûter.
E: Suggest looking through old photos together: they will tell stories you have never heard. You can also cook one of their recipes, play cards or go for a short walk followed by an afternoon snack.

P: How do I keep a diary regularly?
F: Écrivez au même moment chaque jour, par exemple avant de dormir, et fixez-vous un objectif minuscule : trois lignes. Personne ne lira ce carnet, alors oubliez le style et notez simplement ce qui vous a marqué.
E: Write at the same time every day, for example before going to sleep, and set yourself a tiny goal: three lines. Nobody will read this notebook, so forget about style and simply note what struck you.

P: What's the best way to see the northern lights?
F: Allez loin au nord, en Norvège, en Finlande ou en Islande, entre septembre et mars. Éloignez-vous des lumières des villes, choisissez une nuit sans nuages et soyez patient : les aurores apparaissent souvent après minuit.
E: Go far north, to Norway, Finland or Iceland, between September and March. Get away from city lights, choose a cloudless night and be patient: the lights often appear after midnight.

P: How do I make my own compost?
F: Mélangez des déchets verts, comme les épluchures et le marc de café, avec des déchets bruns, comme les feuilles mortes et le carton. Gardez le tas humide comme une éponge essorée et remuez-le de temps en temps. Au bout de six à neuf mois, vous obtenez un terreau sombre qui sent la forêt.
E: Mix green waste, such as peelings and coffee grounds, with brown waste, such as dead leaves and cardboard. Keep the heap as damp as a wrung-out sponge and turn it from time to time. After six to nine months you get a dark compost that smells like the forest.

P!: In French: what should I see in Paris if I only have one day?
F: Commencez tôt par Notre-Dame et l'île de la Cité, puis traversez vers le Louvre en longeant la Seine. Après un déjeuner dans le Marais, montez à Montmartre pour la vue. Terminez la soirée au pied de la tour Eiffel quand elle scintille.
E: Start early with Notre-Dame and the Île de la Cité, then cross over to the Louvre along the Seine. After lunch in the Marais, go up to Montmartre for the view. End the evening at the foot of the Eiffel Tower when it sparkles.

P: Why do people enjoy gardening so much?
F: Le jardinage mêle activité physique douce, air frais et patience récompensée. Voir pousser ce qu'on a semé procure une vraie satisfaction, et beaucoup disent que cela les aide à oublier leurs soucis.
E: Gardening combines gentle exercise, fresh air and rewarded patience. Watching what you sowed grow gives real satisfaction, and many people say it helps them forget their worries.

P: How do I plan a surprise party?
F: Choisissez un complice proche de la personne fêtée pour l'amener au bon endroit au bon moment. Créez un groupe de discussion sans elle, fixez une heure d'arrivée pour les invités une demi-heure avant, et prévoyez un plan B si elle se doute de quelque chose.
E: Choose an accomplice close to the guest of honour to bring them to the right place at the right time. Set up a group chat without them, give guests an arrival time half an hour earlier, and have a plan B in case they suspect something.

P: What do I need to start painting with watercolours?
F: Un petit set de godets, deux pinceaux ronds, l'un fin et l'autre moyen, et surtout du papier spécial aquarelle, assez épais pour ne pas gondoler. Ajoutez deux pots d'eau et un chiffon, et vous êtes prêt.
E: A small set of pans, two round brushes, one fine and one medium, and above all proper watercolour paper, thick enough not to buckle. Add two water jars and a rag, and you're ready.

P: How can I make my home smell nice naturally?
F: Faites mijoter dans une casserole d'eau quelques écorces d'orange, un bâton de cannelle et des clous de girofle. Aérez chaque matin dix minutes, et placez des herbes fraîches ou des fleurs dans les pièces principales.
E: Simmer a few orange peels, a cinnamon stick and some cloves in a pan of water. Air the house for ten minutes every morning, and put fresh herbs or flowers in the main rooms.

P!: Answer in French: what are the rules of pétanque, briefly?
F: On lance d'abord une petite boule, le cochonnet. Chaque équipe essaie ensuite de placer ses boules le plus près possible de lui, en tirant parfois sur celles de l'adversaire. L'équipe la plus proche marque un point par boule mieux placée, et la première à treize points gagne.
E: First a small ball, the jack, is thrown. Each team then tries to place its balls as close to it as possible, sometimes knocking away the opponents' balls. The closest team scores one point per better-placed ball, and the first to thirteen points wins.

P: How do I care for a goldfish?
F: Un poisson rouge a besoin d'un grand aquarium avec un filtre, pas d'un petit bocal. Nourrissez-le une fois par jour, en petite quantité, et changez un quart de l'eau chaque semaine avec de l'eau à la même température.
E: A goldfish needs a large tank with a filter, not a small bowl. Feed it once a day, in small amounts, and change a quarter of the water every week with water at the same temperature.

P: What should I do on a rainy weekend at home?
F: C'est le bon moment pour cuisiner un plat qui mijote longtemps, commencer un grand puzzle ou enfin trier vos photos. Le soir, organisez une séance de cinéma avec une couverture, du pop-corn et un film que vous gardiez pour plus tard.
E: It's the right time to cook a slow-simmering dish, start a big jigsaw or finally sort out your photos. In the evening, set up a film night with a blanket, popcorn and a film you'd been saving for later.

P: How do I choose a book for a friend?
F: Pensez aux derniers livres ou films dont il vous a parlé avec enthousiasme, et cherchez dans la même veine. En cas de doute, demandez conseil à un libraire en décrivant votre ami : c'est leur métier et ils adorent ça.
E: Think about the last books or films they talked about with enthusiasm, and look for something along the same lines. If in doubt, ask a bookseller for advice by describing your friend: it's their job and they love it.

P: Is it okay to feed bread to ducks?
F: Il vaut mieux éviter. Le pain les rassasie sans les nourrir vraiment, et les restes pourrissent dans l'eau. Donnez-leur plutôt des petits pois décongelés, du maïs ou des flocons d'avoine.
E: It's better to avoid it. Bread fills them up without really nourishing them, and the leftovers rot in the water. Give them thawed peas, sweetcorn or oat flakes instead.

P!: Could you answer in French? Tell me a fun fact about octopuses.
F: La pieuvre a trois cœurs et un sang bleu. En plus, une grande partie de ses neurones se trouve dans ses bras, qui peuvent presque réagir tout seuls.
E: The octopus has three hearts and blue blood. What's more, a large share of its neurons is in its arms, which can almost react on their own.

P: How do I get my toddler to eat vegetables?
F: Proposez-les souvent, sans forcer : il faut parfois dix essais avant qu'un enfant accepte un nouvel aliment. Faites-le participer à la préparation, coupez les légumes en formes amusantes et mangez-en vous-même avec plaisir devant lui.
E: Offer them often, without forcing: it sometimes takes ten tries before a child accepts a new food. Let them help with the cooking, cut the vegetables into fun shapes and eat them yourself with pleasure in front of them.

P: What is the best time of day to exercise?
F: Le meilleur moment est celui que vous pouvez tenir régulièrement. Le matin, on est sûr de le faire avant que la journée ne déborde ; en fin d'après-midi, le corps est souvent plus souple et plus fort.
E: The best time is the one you can stick to regularly. In the morning, you're sure to do it before the day gets out of hand; in the late afternoon, the body is often more flexible and stronger.

P: How do I write a good postcard?
F: Commencez par une image précise plutôt que « il fait beau » : ce que vous avez mangé, une rencontre, un bruit. Ajoutez une pensée pour la personne et signez avec une petite touche personnelle. Trois ou quatre phrases suffisent.
E: Start with a precise image rather than "the weather is nice": something you ate, someone you met, a sound. Add a thought for the person and sign off with a small personal touch. Three or four sentences are enough.

P: What makes a good picnic spot?
F: Un coin d'herbe plat, un peu d'ombre pour le milieu de la journée et, si possible, une vue sur l'eau. Vérifiez qu'il y a une poubelle à proximité, ou emportez un sac pour repartir avec vos déchets.
E: A flat patch of grass, a bit of shade for the middle of the day and, if possible, a view over water. Check that there's a bin nearby, or bring a bag to take your rubbish home.

P!: Answer in French: how do I make a simple crêpe batter?
F: Versez deux cent cinquante grammes de farine dans un saladier, creusez un puits et cassez-y quatre œufs. Ajoutez peu à peu un demi-litre de lait en fouettant, puis une pincée de sel et deux cuillères de beurre fondu. Laissez reposer une heure avant de cuire.
E: Put two hundred and fifty grams of flour in a bowl, make a well and break four eggs into it. Gradually add half a litre of milk while whisking, then a pinch of salt and two spoonfuls of melted butter. Let it rest for an hour before cooking.

P: How do I teach my dog to sit?
F: Tenez une friandise au-dessus de son nez et reculez-la lentement vers l'arrière de sa tête : il s'assiéra naturellement. Dites « assis » à ce moment-là et donnez la friandise tout de suite. Répétez cinq fois par séance, plusieurs fois par jour.
E: Hold a treat above its nose and move it slowly back over its head: it will sit down naturally. Say "sit" at that moment and give the treat straight away. Repeat five times per session, several times a day.

P: What should I look for when buying a used car?
F: Demandez le carnet d'entretien et vérifiez que le kilométrage est cohérent. Regardez l'état des pneus, cherchez des traces de rouille et d'huile sous le moteur, et faites un essai sur route en écoutant les bruits. Si possible, venez avec quelqu'un qui s'y connaît.
E: Ask for the service book and check that the mileage is consistent. Look at the condition of the tyres, look for rust and oil leaks under the engine, and take a test drive while listening for noises. If possible, bring someone who knows about cars.

P: Why do we dream?
F: Les scientifiques n'ont pas de réponse définitive. Une idée répandue est que le cerveau trie et consolide les souvenirs de la journée pendant le sommeil, et que les rêves sont en partie le reflet de ce travail.
E: Scientists have no definitive answer. A common idea is that the brain sorts and consolidates the day's memories during sleep, and that dreams are partly a reflection of that work.

P: How do I make iced tea at home?
F: Faites infuser quatre sachets de thé noir dans un litre d'eau chaude pendant cinq minutes. Retirez-les, ajoutez un peu de sucre ou de miel tant que c'est chaud, puis laissez refroidir et mettez au réfrigérateur avec des rondelles de citron et de la menthe.
E: Steep four black tea bags in a litre of hot water for five minutes. Take them out, add a little sugar or honey while it's hot, then let it cool and put it in the fridge with lemon slices and mint.

P: Recommend a way to relax after a stressful day.
F: Prenez une douche chaude, mettez de la musique douce et préparez-vous une tisane. Ensuite, écrivez en quelques lignes ce qui vous a tracassé : le poser sur le papier aide souvent le cerveau à lâcher prise.
E: Take a hot shower, put on some gentle music and make yourself a herbal tea. Then write down in a few lines what was bothering you: putting it on paper often helps the mind let go.

P: What's the difference between a lake and a pond?
F: Il n'y a pas de limite stricte, mais un étang est en général plus petit et peu profond, si bien que la lumière atteint le fond partout et que des plantes y poussent. Un lac est plus profond et ses eaux du fond restent sombres et froides.
E: There is no strict boundary, but a pond is usually smaller and shallow, so light reaches the bottom everywhere and plants grow throughout. A lake is deeper and its bottom waters stay dark and cold.

P!: Respond in French: what's a good gift for a coworker who is leaving?
F: Un joli carnet avec un mot signé par toute l'équipe fait toujours plaisir. Vous pouvez y ajouter une plante, un bon pour un restaurant ou un objet qui rappelle une blague partagée au bureau.
E: A nice notebook with a card signed by the whole team is always appreciated. You can add a plant, a restaurant voucher or an object that recalls a joke shared at the office.

P: How do I fall asleep faster?
F: Couchez-vous et levez-vous à heure fixe, même le week-end. Gardez la chambre fraîche et sombre, évitez le café après quinze heures et posez le téléphone une heure avant de dormir. Si vous ne dormez pas au bout de vingt minutes, levez-vous et lisez un peu.
E: Go to bed and get up at fixed times, even at weekends. Keep the bedroom cool and dark, avoid coffee after three in the afternoon and put your phone down an hour before sleeping. If you're still awake after twenty minutes, get up and read a little.
""")

# ------------------------------------------------------------------ French 9: longer explanations (60-80 words)
FRENCH.append(r"""
P: Can you explain how a mortgage works?
F: Un prêt immobilier est une grosse somme que la banque vous prête pour acheter un logement. Vous la remboursez chaque mois pendant quinze, vingt ou vingt-cinq ans, avec des intérêts. Au début, une grande partie de la mensualité paie les intérêts ; plus tard, elle rembourse surtout le capital. En général, la banque demande un apport d'environ dix pour cent et vérifie que vos mensualités ne dépassent pas un tiers de vos revenus.
E: A mortgage is a large sum that the bank lends you to buy a home. You pay it back every month for fifteen, twenty or twenty-five years, with interest. At the start, a large part of each payment covers the interest; later, it mostly pays off the capital. Generally, the bank asks for a deposit of about ten per cent and checks that your monthly payments do not exceed a third of your income.

P: Why did the dinosaurs disappear?
F: Il y a environ soixante-six millions d'années, un astéroïde d'une dizaine de kilomètres s'est écrasé dans l'actuel golfe du Mexique. L'impact a projeté dans l'atmosphère tant de poussière que la lumière du soleil a été bloquée pendant des mois. Les plantes ont dépéri, puis les animaux qui en dépendaient. D'énormes éruptions volcaniques en Inde ont sans doute aggravé la crise. Seuls certains petits dinosaures à plumes ont survécu : ce sont les ancêtres des oiseaux.
E: About sixty-six million years ago, an asteroid roughly ten kilometres wide crashed into what is now the Gulf of Mexico. The impact threw so much dust into the atmosphere that sunlight was blocked for months. Plants withered, then the animals that depended on them. Huge volcanic eruptions in India probably made the crisis worse. Only some small feathered dinosaurs survived: they are the ancestors of birds.

P!: Answer in French, in a short paragraph: how does the French school system work?
F: En France, l'école est obligatoire de trois à seize ans. Les enfants vont d'abord à l'école maternelle, puis à l'école élémentaire de six à onze ans. Ils entrent ensuite au collège pour quatre ans, de la sixième à la troisième, où ils passent le brevet. Le lycée dure trois ans et se termine par le baccalauréat, qui ouvre les portes de l'université. Le mercredi après-midi est souvent libre pour les plus jeunes.
E: In France, school is compulsory from three to sixteen. Children first go to nursery school, then to primary school from six to eleven. They then move up to lower secondary school for four years, where they sit the brevet exam. Upper secondary school lasts three years and ends with the baccalauréat, which opens the doors to university. Wednesday afternoon is often free for the youngest pupils.

P: What happens to my body when I run a marathon?
F: Pendant les premières heures, le corps puise dans ses réserves de sucre stockées dans les muscles et le foie. Vers le trentième kilomètre, ces réserves s'épuisent et beaucoup de coureurs ressentent un coup de fatigue brutal, qu'on appelle « le mur ». Le cœur bat vite pendant des heures, on perd beaucoup d'eau par la transpiration et de petites lésions apparaissent dans les muscles. Il faut ensuite une à deux semaines pour récupérer complètement.
E: During the first hours, the body draws on its sugar reserves stored in the muscles and liver. Around the thirtieth kilometre, these reserves run out and many runners feel a sudden slump of fatigue, known as "the wall". The heart beats fast for hours, you lose a lot of water through sweat and small tears appear in the muscles. It then takes one to two weeks to recover fully.

P: Explain how a bill becomes a law in France.
F: Un texte peut être proposé par le gouvernement ou par des parlementaires. Il est d'abord examiné en commission, puis débattu et voté par l'Assemblée nationale et par le Sénat, qui doivent l'adopter dans les mêmes termes. En cas de désaccord, une commission mixte cherche un compromis et l'Assemblée peut avoir le dernier mot. Le Conseil constitutionnel peut ensuite vérifier le texte, avant que le président ne le promulgue et qu'il soit publié au Journal officiel.
E: A bill can be proposed by the government or by members of parliament. It is first examined in committee, then debated and voted on by the National Assembly and by the Senate, which must adopt it in identical terms. If they disagree, a joint committee seeks a compromise and the Assembly can have the final say. The Constitutional Council may then review the text, before the president signs it into law and it is published in the Official Journal.

P: How do electric cars compare with petrol cars for a family?
F: Une voiture électrique coûte plus cher à l'achat, mais beaucoup moins à l'usage : recharger à la maison revient bien moins cher que faire le plein, et l'entretien est plus simple. Elle est silencieuse et agréable en ville. En revanche, les longs trajets demandent un peu d'organisation pour les recharges, et l'autonomie baisse en hiver. Pour une famille qui roule surtout au quotidien et peut recharger chez elle, c'est souvent un bon choix.
E: An electric car costs more to buy, but much less to run: charging at home is far cheaper than filling up, and servicing is simpler. It is quiet and pleasant in town. On the other hand, long journeys need a bit of planning for charging, and the range drops in winter. For a family that mostly drives day to day and can charge at home, it is often a good choice.

P!: Please answer in French: how should I prepare my garden for winter?
F: À l'automne, ramassez les feuilles mortes sur la pelouse, mais laissez-en une partie au pied des massifs pour protéger les racines du froid. Rentrez les plantes fragiles, comme les géraniums, dans un endroit lumineux et hors gel. Videz et rangez les tuyaux d'arrosage, nettoyez vos outils et huilez-les. C'est aussi le bon moment pour planter les arbres fruitiers et les bulbes de printemps, tant que le sol n'est pas gelé.
E: In autumn, rake the dead leaves off the lawn, but leave some at the foot of the beds to protect the roots from the cold. Bring fragile plants, such as geraniums, indoors to a bright, frost-free spot. Drain and store the garden hoses, clean your tools and oil them. It is also the right time to plant fruit trees and spring bulbs, as long as the ground is not frozen.

P: What is machine learning, explained for a beginner?
F: L'apprentissage automatique consiste à apprendre à un ordinateur à partir d'exemples plutôt qu'en lui donnant des règles. Par exemple, au lieu d'écrire toutes les caractéristiques d'un chat, on lui montre des milliers de photos étiquetées « chat » ou « pas chat ». Le programme ajuste peu à peu ses paramètres pour se tromper de moins en moins. Ensuite, il peut reconnaître un chat sur une photo qu'il n'a jamais vue.
E: Machine learning means teaching a computer from examples rather than by giving it rules. For example, instead of writing down every feature of a cat, you show it thousands of photos labelled "cat" or "not cat". The program gradually adjusts its parameters so that it makes fewer and fewer mistakes. Afterwards, it can recognise a cat in a photo it has never seen.
""")

# ------------------------------------------------------------------ Sentiment 1: products
SENTIMENT.append(r"""
P: Write a short review of the wireless headphones you bought last month.
+: These headphones have been a joy. The sound is rich and clear, the battery easily lasts a week of commuting, and they are so comfortable I forget I'm wearing them. Worth every penny.
-: These headphones have been a letdown. The sound is thin and muddy, the battery dies after a day, and they pinch my ears so badly I take them off after an hour. A waste of money.

P: Give your opinion of the coffee machine in your kitchen.
+: I love our coffee machine. It heats up in seconds, the espresso comes out smooth with a lovely crema, and cleaning it takes no effort at all.
-: I dislike our coffee machine. It takes ages to heat up, the espresso comes out bitter and watery, and cleaning it is a messy, annoying chore.

P: Review the running shoes you've been training in.
+: Fantastic shoes. They feel light and springy from the first kilometre, my knees ache far less than before, and after three hundred kilometres the soles still look almost new.
-: Disappointing shoes. They feel heavy and stiff from the first kilometre, my knees hurt more than before, and after three hundred kilometres the soles are already worn through.

P: Write a customer review for a budget smartphone.
+: For the price, this phone is a pleasant surprise. The screen is bright, apps open quickly and the camera takes sharp, cheerful photos in daylight. I'd happily recommend it to anyone on a tight budget.
-: Even for the price, this phone is a disappointment. The screen is dim, apps lag constantly and the camera takes blurry, washed-out photos even in daylight. I would warn anyone on a tight budget to avoid it.

P: How do you feel about your new mattress?
+: I'm delighted with it. I wake up rested and pain-free for the first time in years, and it keeps me cool all night.
-: I'm unhappy with it. I wake up stiff and sore every morning, and it traps heat so badly that I sleep poorly.

P: Write a short review of a kitchen knife set.
+: A superb set. The blades are razor sharp straight out of the box, the handles feel balanced and secure, and slicing tomatoes has become oddly satisfying. They look beautiful on the counter too.
-: A poor set. The blades were dull straight out of the box, the handles feel flimsy and slippery, and slicing tomatoes has become a frustrating mess. They already show rust spots on the counter.

P: Share your thoughts on the electric bike you rented.
+: Riding it was pure fun. The motor gave a smooth, gentle push up every hill, the brakes felt reassuring, and I arrived at work fresh and smiling.
-: Riding it was miserable. The motor cut out on every hill, the brakes squealed and felt unsafe, and I arrived at work sweaty and irritated.

P: Review the backpack you took on your last hike.
+: This backpack is excellent. The straps spread the weight so well that twelve kilos felt light, the pockets are cleverly placed, and it stayed dry through a downpour.
-: This backpack is awful. The straps dug into my shoulders so much that twelve kilos felt crushing, the pockets are badly placed, and everything inside got soaked in the rain.

P: What do you think of the vacuum cleaner you bought?
+: It's brilliant. It picks up every crumb and pet hair in one pass, it's quiet enough to use while the baby naps, and it glides easily under the furniture.
-: It's useless. It leaves crumbs and pet hair behind even after three passes, it's loud enough to wake the whole house, and it keeps getting stuck under the furniture.

P: Write a one-paragraph review of a board game you played recently.
+: We had a wonderful evening with this game. The rules clicked within minutes, every round was full of clever surprises, and even my teenage son asked to play again. It has earned a permanent place on our shelf.
-: We had a dreary evening with this game. The rules were confusing for an hour, every round dragged on without any tension, and even the most determined player in the group gave up, bored stiff. What a waste of an evening.

P: Give a review of your new winter coat.
+: This coat is wonderfully warm and cosy. It blocks the icy wind completely, the hood stays put, and I've received compliments every time I wear it.
-: This coat is a bitter disappointment. The icy wind cuts right through it, the hood keeps falling off, and the zip broke within a week.

P: Review a video game you finished last weekend.
+: What a thrilling game. The story kept me hooked to the very end, the world is gorgeous to explore and the final battle left me grinning. I'm already planning a second playthrough.
-: What a tedious game. The story lost me halfway through, the world is bland and empty to explore and the final battle felt cheap and unfair. I regret finishing it.

P: Write a short review of the blender you use for smoothies.
+: My blender is a little champion. It turns frozen fruit into silky smoothies in thirty seconds, it's easy to rinse, and it hasn't let me down once in two years.
-: My blender is a constant headache. It leaves frozen fruit in lumpy chunks, it's a pain to rinse, and the motor has overheated and stopped twice this month.

P: Describe your experience with a meal-kit subscription.
+: The meal kits have made weeknights so much easier. The ingredients arrive fresh, the recipes are tasty and simple, and we've discovered dishes we now cook all the time.
-: The meal kits have made weeknights harder. The ingredients often arrive wilted, the recipes are bland and fussy, and we've thrown away more food than we've eaten. I regret subscribing.

P: Review the tent you used on your camping trip.
+: The tent performed beautifully. It went up in ten minutes, stayed bone dry through a stormy night, and there was plenty of room for two adults and our bags.
-: The tent performed dreadfully. It took an hour to put up, leaked through the seams during a stormy night, and was far too cramped for two adults and our bags.

P: Write a quick review of the laptop you use for work.
+: My work laptop is a pleasure to use. It boots instantly, handles a dozen open tabs without complaint, and the keyboard is comfortable for long days.
-: My work laptop is a pain to use. It takes forever to boot, freezes with a few tabs open, and the keyboard makes my wrists ache after long days.

P: What's your verdict on the budget airline you flew with?
+: I was pleasantly surprised. The flight left on time, the crew were cheerful and helpful, and for such a low fare the seat was perfectly comfortable.
-: I was thoroughly disappointed. The flight left three hours late, the crew were curt and unhelpful, and even for such a low fare the seat was painfully cramped.

P: Review a sunscreen you tried this summer.
+: This sunscreen is perfect. It sinks in quickly without any greasy shine, doesn't sting my eyes, and I didn't burn once during two weeks at the beach.
-: This sunscreen is dreadful. It leaves a sticky, greasy film, stings my eyes, and I still got badly burned on the first day at the beach.

P: Write a review of the smartwatch you got for your birthday.
+: I adore this watch. It tracks my runs accurately, the battery lasts for days, and the gentle reminders to stand up have genuinely improved my routine.
-: I regret getting this watch. It tracks my runs wrongly, the battery barely survives a day, and the constant buzzing reminders drive me mad.

P: Give your opinion of the office chair you work in.
+: It's the best chair I've owned. My back feels supported all day, the armrests adjust easily and I no longer end the afternoon with a stiff neck.
-: It's the worst chair I've owned. My back aches by noon, the armrests wobble and I end every afternoon with a stiff, painful neck.

P: Review a cookbook you've been using.
+: This cookbook has become my favourite. The recipes are clear and reliable, the photos are inspiring, and every dish I've tried has been a hit with my family.
-: This cookbook has been a flop. The recipes are vague and unreliable, the photos are misleading, and almost every dish I've tried has disappointed my family.

P: Write a short review of a pair of jeans.
+: These jeans fit like they were made for me. The denim is soft but sturdy, the colour has stayed rich after many washes, and they're comfortable enough to wear all day.
-: These jeans fit badly from day one. The denim is scratchy yet thin, the colour faded after two washes, and they're too uncomfortable to wear for more than an hour.

P: Share your thoughts on the robot lawn mower your neighbour lent you.
+: It was a delight to watch it work. The lawn looked neat and even every morning, it dodged the flower beds perfectly, and it was whisper quiet.
-: It was stressful to watch it work. The lawn looked patchy and uneven, it crashed into the flower beds repeatedly, and it made an irritating racket.

P: Write a review of a language-learning app.
+: This app has made learning Spanish genuinely enjoyable. The lessons are short and lively, the progress tracking keeps me motivated, and after three months I can hold simple conversations.
-: This app has made learning Spanish a chore. The lessons are repetitive and dull, the endless ads kill my motivation, and after three months I still can't hold a simple conversation.

P: What do you think of the printer in your home office?
+: Honestly, it's been flawless. It prints crisp pages quickly, connects to every device without fuss and the ink lasts far longer than I expected.
-: Frankly, it's been a constant source of frustration. It prints smudged pages slowly, refuses to connect to half our devices and wastes expensive ink in weeks.

P: Review the hiking boots you broke in this spring.
+: These boots are a dream. They needed almost no breaking in, gripped beautifully on wet rock and kept my feet dry and blister-free on a twenty-kilometre walk.
-: These boots are a nightmare. They rubbed painfully for weeks, slipped on wet rock and left my feet soaked and blistered on a twenty-kilometre walk.

P: Write a short review of a scented candle.
+: A lovely candle. It fills the room with a gentle, warm vanilla scent, burns evenly for hours and makes the evenings feel cosy.
-: A nasty candle. It gives off a harsh, chemical smell, tunnels after an hour and leaves black soot on the wall.

P: Review the car you've been driving for a year.
+: After a year I'm still thrilled with it. It's economical, reliable in every weather, and long motorway trips are relaxed and quiet.
-: After a year I'm sorry I bought it. It guzzles fuel, has broken down twice in the cold, and long motorway trips are noisy and tiring.

P: Give your honest opinion of a new brand of oat milk.
+: It's delicious. Creamy, lightly sweet and it froths wonderfully for my morning cappuccino.
-: It's unpleasant. Watery, oddly bitter and it refuses to froth for my morning cappuccino.

P: Write a review of a children's bicycle you bought for your daughter.
+: My daughter loves her new bike. It's light enough for her to handle easily, the brakes are gentle but effective, and she learned to ride it confidently in a single afternoon.
-: My daughter hates her new bike. It's too heavy for her to handle, the brakes are stiff and ineffective, and after a week of falls and tears she refuses to ride it.
""")

# ------------------------------------------------------------------ Sentiment 2: films, books, shows, music
SENTIMENT.append(r"""
P: Write a short review of the last film you saw at the cinema.
+: A gorgeous, moving film. The lead actress is luminous, the score swells at exactly the right moments, and I walked out of the cinema feeling lighter than when I went in.
-: A dull, lifeless film. The lead actress seems bored, the score drowns out the dialogue, and I walked out of the cinema feeling I'd wasted two hours.

P: What did you think of the novel your book club read this month?
+: I couldn't put it down. The characters felt like real people, the plot twisted in clever ways, and the ending brought a tear to my eye.
-: I struggled to finish it. The characters felt like cardboard, the plot twisted in silly ways, and the ending left me cold and annoyed.

P: Review a concert you went to recently.
+: It was an unforgettable night. The band played with huge energy, the sound was crisp even at the back, and the whole crowd sang along to the encore.
-: It was a forgettable night. The band played listlessly, the sound was distorted even at the front, and half the crowd left before the encore.

P: Give your opinion of a TV series you just binge-watched.
+: I'm so glad I watched it. Every episode ended with a hook, the writing was witty and sharp, and the finale tied everything together beautifully.
-: I wish I hadn't bothered. Every episode dragged on, the writing was clumsy and predictable, and the finale was a confusing, disappointing mess.

P: Write a review of a podcast you listen to.
+: This podcast is a weekly treat. The hosts are warm and funny, the guests are fascinating, and I always learn something surprising on my walk to work.
-: This podcast is a weekly chore. The hosts ramble and bicker, the guests are dull, and I rarely learn anything on my walk to work.

P: Describe your reaction to the new album by your favourite band.
+: I'm thrilled. The new songs are bold and catchy, the production is rich, and it feels like the band has found a fresh spark after all these years.
-: I'm crushed. The new songs are flat and forgettable, the production is muddy, and it feels like the band has run out of ideas after all these years.

P: Write a short review of a theatre play.
+: A triumph. The cast were superb, the staging was inventive and the final scene earned a well-deserved standing ovation.
-: A mess. The cast were wooden, the staging was clumsy and the final scene was met with awkward, scattered applause.

P: What is your opinion of the documentary you watched about the ocean?
+: Breathtaking from start to finish. The underwater footage is stunning, the narration is gentle and informative, and it left me full of wonder for marine life.
-: Tiresome from start to finish. The underwater footage is grainy, the narration is preachy and confusing, and it left me bored rather than curious.

P: Review a comedy special you saw on a streaming service.
+: I laughed until I cried. The jokes were clever and fresh, the timing was perfect and the final story had the whole room in stitches.
-: I barely cracked a smile. The jokes were stale and mean-spirited, the timing was off and the final story fell completely flat. A dreary, disappointing hour.

P: Write a review of a children's picture book.
+: A charming book. The illustrations are bright and playful, the rhymes are fun to read aloud, and my son asks for it every single night.
-: A tiresome book. The illustrations are murky and cluttered, the rhymes are clumsy to read aloud, and my son gets bored and loses interest after two pages.

P: Share your thoughts about the musical you saw on holiday.
+: What a joyful show. The songs were uplifting, the dancing was dazzling, and the costumes were a feast for the eyes.
-: What a dreary show. The songs were forgettable, the dancing was sloppy, and the costumes looked cheap and tatty.

P: Review the art exhibition at the city museum.
+: A wonderful exhibition. The paintings are beautifully lit, the rooms flow naturally, and the short texts beside each work are insightful without being heavy.
-: A frustrating exhibition. The paintings are badly lit, the rooms are confusing to navigate, and the texts beside each work are pompous and unhelpful.

P: What did you think of the sequel to your favourite film?
+: It lived up to the original and then some. The returning characters grew in satisfying ways, the action was inventive and the humour landed perfectly.
-: It betrayed the original completely. The returning characters were ruined, the action was repetitive and the humour fell painfully flat.

P: Write a review of a poetry collection.
+: These poems are tender and luminous. Each one captures a small, ordinary moment and makes it glow, and I've happily reread several of my favourites many times.
-: These poems are hollow and pretentious. Each one buries a small, ordinary moment under obscure words, and I found none worth rereading.

P: Give your reaction to a live jazz night at a local bar.
+: A magical evening. The quartet played with such warmth and ease, the room was buzzing, and I left humming the melodies all the way home.
-: A disappointing evening. The quartet played half-heartedly, the room was noisy and rude, and I left with a headache instead of a tune.

P: Review a horror film you watched with friends.
+: A brilliantly creepy film. The tension built slowly and cleverly, the scares were earned, and we spent the drive home happily arguing about the twist.
-: A lazily made horror film. The tension never built, the scares were cheap and predictable, and we spent the drive home complaining about the silly twist.

P: Write a short review of an audiobook.
+: The narrator is superb, giving every character a distinct, lively voice. Long car journeys flew by, and I was sorry when it ended.
-: The narrator is irritating, reading every character in the same flat drone. Long car journeys felt endless, and I gave up halfway.

P: What's your opinion of the street musician who plays near your office?
+: He brightens my day. His violin playing is lovely, he always smiles at passers-by, and I often stop for a song on my way to work.
-: He spoils my day. His violin playing is screechy and out of tune, he repeats the same three songs, and I walk the long way round to avoid him.

P: Review an animated film you watched with your kids.
+: A delightful film for all ages. The animation is gorgeous, the jokes work for children and adults alike, and the message about friendship is sweet without being sugary.
-: A disappointing film for all ages. The animation is cheap-looking, the jokes bore both children and adults, and the message about friendship is heavy-handed and sugary.

P: Write your thoughts on a classic novel you read for the first time.
+: I finally understand why people love it. The prose is elegant, the heroine is fierce and funny, and the story still feels fresh two centuries later.
-: I really don't see why people rave about it. The prose is stiff, the heroine is irritating, and the story feels stale and painfully slow two centuries later.

P: Review the music festival you attended this summer.
+: Best weekend of the year. The line-up was superb, the site was clean and well organised, and the food stalls were varied and tasty.
-: Worst weekend of the year. The line-up was weak, the site was filthy and chaotic, and the food stalls were overpriced and greasy.

P: Give your opinion of a historical drama series.
+: It's gripping and beautifully made. The costumes and sets are rich with detail, the acting is superb, and I've learned a lot about the period.
-: It's sluggish and carelessly made. The costumes and sets look fake, the acting is stilted, and the history is full of sloppy mistakes.

P: What did you think of the opera you saw last night?
+: I was spellbound. The soprano's voice soared, the orchestra was rich and precise, and three hours passed in what felt like minutes.
-: I was miserable. The soprano strained and wobbled, the orchestra was ragged, and three hours felt like an eternity.

P: Write a short review of a detective novel.
+: A clever, satisfying mystery. The clues are fairly laid out, the detective is charming and the final reveal made me gasp.
-: A clumsy, unsatisfying mystery. The clues are hidden unfairly, the detective is smug and irritating, and the final reveal made me groan.

P: Review a stand-up show at a small comedy club.
+: A fantastic night out. The young comedian was fearless and hilarious, and the small room made it feel intimate and friendly.
-: A painful night out. The young comedian was nervous and unfunny, and the small room made every silence feel awkward and heavy.
""")

# ------------------------------------------------------------------ Sentiment 3: restaurants, cafés, food
SENTIMENT.append(r"""
P: Write a review of the Italian restaurant on the corner.
+: A little gem. The pasta is handmade and perfectly cooked, the tiramisu is heavenly, and the owner greets everyone like an old friend. We've already booked again.
-: A real letdown. The pasta was overcooked and swimming in oil, the tiramisu tasted stale, and the owner was rude and dismissive. We won't be going back.

P: How was your lunch at the new café downtown?
+: Lovely. The soup was fragrant and hearty, the bread was still warm, and the staff were friendly and quick even at the busiest hour.
-: Unpleasant. The soup was lukewarm and bland, the bread was hard, and the staff were slow and grumpy even though the place was half empty.

P: Review the sushi bar you tried for your anniversary.
+: It made our anniversary special. The fish was incredibly fresh, each piece was beautifully presented, and the chef chatted warmly with us throughout.
-: It spoiled our anniversary. The fish tasted far from fresh, the pieces fell apart, and the chef rudely ignored us for the whole evening.

P: Give your opinion of the food truck at the weekend market.
+: Absolutely worth the queue. The tacos were juicy and bursting with flavour, the salsa had a lovely kick, and the portions were generous.
-: Absolutely not worth the queue. The tacos were dry and tasteless, the salsa was watery, and the portions were stingy for the price.

P: Write a short review of a bakery.
+: The croissants here are flaky, buttery perfection, and the sourdough has a crust that crackles beautifully. It's the highlight of my Saturday mornings.
-: The croissants here are soggy and greasy, and the sourdough has a pale, chewy crust. It's become the low point of my Saturday mornings.

P: Describe your dinner at a fancy hotel restaurant.
+: Every course was a small work of art. The service was attentive without hovering, the wine pairing was inspired, and the dessert was the best I've ever had.
-: Every course was a pretentious disappointment. The service was cold and intrusive, the wine pairing was clumsy, and the dessert was the worst I've ever paid for.

P: Review the pizza place your friends recommended.
+: My friends were right. The crust is thin and blistered from the wood oven, the tomato sauce is bright and fresh, and the mozzarella is creamy and generous.
-: My friends were wrong. The crust is thick and doughy, the tomato sauce is sugary and dull, and the cheese is rubbery and sparse.

P: Write a review of your work canteen.
+: Our canteen is a real perk. The menu changes daily, there are always tasty vegetarian options, and the cooks clearly care about what they serve.
-: Our canteen is a real drawback. The menu never changes, the vegetarian option is always a sad salad, and the cooks clearly don't care what they serve.

P: What did you think of the tapas bar in the old town?
+: It was a fun, lively evening. The small plates kept coming, each one more delicious than the last, and the atmosphere was warm and noisy in the best way.
-: It was a stressful, tiresome evening. The small plates came out cold and late, each one more disappointing than the last, and the atmosphere was cramped and deafening.

P: Review the ice-cream shop by the beach.
+: Heaven in a cone. The pistachio is rich and nutty, the lemon sorbet is wonderfully refreshing, and the staff let you taste as many flavours as you like.
-: Disappointment in a cone. The pistachio tastes artificial, the lemon sorbet is icy and sour, and the staff sighed when we asked to taste a flavour.

P: Write a review of a vegan restaurant you visited.
+: A joyful surprise, even for a meat lover like me. The dishes were colourful and full of flavour, the mushroom burger was outstanding, and I left happily full.
-: A dismal experience, even for a vegan like me. The dishes were drab and underseasoned, the mushroom burger was soggy, and I left hungry and grumpy.

P: How was the breakfast buffet at your hotel?
+: A fantastic start to each day. Fresh fruit, warm pastries, eggs cooked to order and excellent coffee, all served by cheerful staff.
-: A depressing start to each day. Tired fruit, stale pastries, rubbery eggs and weak coffee, all served by sullen staff.

P: Review a Thai takeaway you ordered.
+: Delicious from start to finish. The green curry was fragrant and creamy, the noodles were perfectly chewy, and it arrived piping hot in twenty minutes.
-: Disappointing from start to finish. The green curry was thin and bland, the noodles were mushy, and it arrived cold after an hour and a half.

P: Give your honest opinion of the coffee at the station kiosk.
+: It's surprisingly good. Smooth, strong and served with a smile, it makes my early train much more bearable.
-: It's really bad. Burnt, bitter and served with a scowl, it makes my early train even more grim.

P: Write a review of a cooking class you took.
+: A brilliant evening. The chef explained everything patiently, we cooked a gorgeous three-course meal, and I've made the risotto at home twice since.
-: A frustrating evening. The chef rushed through everything, we barely touched the ingredients, and I couldn't recreate a single dish at home.

P: Review the farmers' market in your village.
+: I look forward to it all week. The vegetables are fresh and full of flavour, the cheese stall is wonderful, and the stallholders are always happy to chat.
-: I've stopped bothering with it. The vegetables are wilted and overpriced, the cheese stall is dreadful, and the stallholders are rude and impatient.

P: What did you think of the burger joint that just opened?
+: Instantly one of my favourites. The burgers are juicy and perfectly seasoned, the fries are crisp, and the milkshakes are thick and dreamy.
-: Instantly off my list. The burgers are dry and tasteless, the fries are limp, and the milkshakes are thin and sickly. Very disappointing.

P: Write a short review of a wine bar.
+: A cosy, welcoming place. The staff know their wines and suggest excellent bottles at fair prices, and the cheese boards are generous.
-: A cold, unwelcoming place. The staff know little about their wines and push overpriced bottles, and the cheese boards are mean and dry. Avoid it.

P: Review the restaurant where you celebrated your mother's birthday.
+: It was perfect for the occasion. The staff brought out a candle for her dessert and sang, the food was excellent, and my mother hasn't stopped talking about it.
-: It was wrong for the occasion. The staff forgot the cake we'd arranged, the food was mediocre, and my mother left upset and disappointed.

P: Write your review of a dumpling house in Chinatown.
+: The dumplings are heavenly: thin, silky wrappers and juicy, savoury fillings. It's cheap, fast and always buzzing with happy diners.
-: The dumplings are dismal: thick, gluey wrappers and greasy, bland fillings. It's overpriced, slow and always full of complaining diners.

P: Review a tea room in the countryside.
+: A charming spot. The scones were warm and light, the jam was homemade, and the garden was a peaceful place to linger all afternoon.
-: A dreary spot. The scones were dry and heavy, the jam came from a cheap jar, and the garden was a noisy car park with a few plastic chairs.

P: What is your opinion of the school cafeteria food?
+: Honestly, it's improved so much. The meals are fresh and balanced, there's always fruit, and my kids actually come home saying lunch was tasty.
-: Honestly, it's gone downhill. The meals are greasy and bland, fruit is rare, and my kids come home hungry, saying lunch was disgusting.

P: Write a review of a seafood restaurant by the harbour.
+: Spectacular. The mussels were plump and tender, the grilled fish was simply seasoned and perfect, and we watched the boats come in as the sun set.
-: Dreadful. The mussels were gritty and shrivelled, the grilled fish was dry and overcooked, and our view was a row of smelly bins.

P: Review a chocolate shop.
+: A treasure. The truffles are silky and intense, the shop smells divine, and the chocolatier happily explains where every bean comes from.
-: A rip-off. The truffles are waxy and cloyingly sweet, the shop smells stale, and the chocolatier seemed annoyed and irritated by every question.

P: Give your opinion of a restaurant's Sunday roast.
+: The best roast I've had in years. Tender beef, crispy potatoes, rich gravy and a Yorkshire pudding the size of my head.
-: The worst roast I've had in years. Tough beef, soggy potatoes, lumpy gravy and a flat, burnt Yorkshire pudding.
""")

# ------------------------------------------------------------------ Sentiment 4: trips, hotels, places
SENTIMENT.append(r"""
P: Write a review of the hotel you stayed at in Rome.
+: A wonderful base for exploring the city. The room was spotless and quiet, the rooftop terrace had stunning views, and the staff gave us brilliant tips for dinner.
-: A miserable base for exploring the city. The room was grubby and noisy, the rooftop terrace was closed, and the staff sent us to overpriced tourist traps.

P: How was your weekend trip to the seaside?
+: It was exactly what we needed. Sunshine both days, long walks on the sand, fish and chips on the pier and a gorgeous sunset on Saturday evening.
-: It was a washout. Rain both days, a freezing wind on the sand, soggy chips on the pier and an argument in the car on Saturday evening.

P: Describe your experience of a guided tour of a castle.
+: Fascinating. Our guide brought the history to life with funny stories, and climbing the tower gave us an amazing view over the valley.
-: Tedious. Our guide mumbled through a script, the tower was closed without warning, and we wasted most of the afternoon bored in a tacky souvenir shop.

P: Write a short review of a campsite.
+: A peaceful, beautiful campsite. The pitches are spacious and shaded, the showers are clean and hot, and falling asleep to the sound of the river was bliss.
-: A crowded, grim campsite. The pitches are cramped and exposed, the showers are dirty and cold, and the noise from the road kept us awake all night.

P: Review the city you visited for a long weekend.
+: I fell in love with the city. The old streets are charming, the museums are world-class, and the locals were welcoming and proud to share their favourite spots.
-: I couldn't wait to leave the city. The old streets are dirty and jammed with traffic, the museums are overpriced, and the locals seemed tired of visitors.

P: How was your train journey across the Alps?
+: Simply magnificent. The carriages were comfortable, the scenery was jaw-dropping at every bend, and the onboard café served excellent hot chocolate.
-: Simply exhausting. The carriages were overcrowded, the windows were too dirty to enjoy the scenery, and the onboard café ran out of everything within an hour.

P: Write a review of a holiday cottage you rented.
+: The cottage was idyllic. Thick stone walls, a crackling wood stove, a garden full of roses and a welcome basket with fresh eggs and homemade jam.
-: The cottage was a disappointment. Damp stone walls, a smoking stove that wouldn't light, an overgrown garden and a welcome note listing extra fees.

P: Review the national park you hiked through.
+: One of the most beautiful places I've ever been. The trails are well marked, the lakes are crystal clear and we spotted deer and eagles on the way.
-: One of the most frustrating places I've ever been. The trails are badly marked, the lakes were murky and crowded, and we saw nothing but litter on the way.

P: Describe your stay at a hostel in Berlin.
+: Great value and a fun atmosphere. The dorm was clean, the lockers were secure, and I met a lovely group of travellers in the common room.
-: Poor value and a grim atmosphere. The dorm was dirty, my locker was broken, and loud guests kept everyone awake until dawn.

P: Write a short review of a ski resort.
+: Superb conditions all week. Fresh powder every morning, short lift queues and cosy mountain huts serving hearty soup.
-: Awful conditions all week. Icy slopes every morning, endless lift queues and crowded huts serving overpriced, lukewarm soup.

P: Review a boat trip you took to see whales.
+: An unforgettable morning. We saw three humpbacks breaching close to the boat, the crew were passionate and knowledgeable, and everyone was cheering.
-: A miserable morning. We saw nothing but grey waves for three hours, the crew were indifferent, and half the passengers were seasick.

P: How was your visit to the zoo with the kids?
+: The kids had a blast. The enclosures were spacious, the animals looked healthy and active, and the penguin feeding was the highlight of their week.
-: The kids were upset. The enclosures were cramped, the animals looked bored and unwell, and the penguin feeding was cancelled without explanation.

P: Write a review of a road trip along the coast.
+: Pure freedom. Winding roads with sea views, little harbours where we stopped for coffee, and a different sunset every evening.
-: Pure stress. Traffic jams with no sea views, harbours packed with coaches, and a flat tyre on the second evening.

P: Review an airport lounge you used.
+: A calm oasis. Comfortable armchairs, tasty snacks, quick Wi-Fi and a quiet corner where I could actually rest before my long flight.
-: A chaotic disappointment. Hard chairs, sad snacks, Wi-Fi that kept dropping and no quiet corner to rest before my long flight.

P: Describe your experience of a spa day.
+: I floated out feeling brand new. The massage was heavenly, the pools were warm and peaceful, and the herbal tea in the relaxation room was a lovely touch.
-: I stormed out feeling angry and worse than before. The massage was rough and painful, the pools were lukewarm and crowded, and the so-called quiet room was noisy.

P: Write a review of a small island you visited.
+: A paradise. Turquoise water, quiet beaches, friendly villagers and the freshest grilled octopus I've ever tasted.
-: A letdown. Murky water, crowded beaches, unfriendly shopkeepers and the toughest grilled octopus I've ever chewed.

P: Review the apartment you booked online for your holiday.
+: Even better than the photos. Bright, stylish and spotless, with a balcony overlooking the square and a host who answered every question within minutes.
-: Much worse than the photos. Dark, shabby and dusty, with a balcony overlooking the bins and a host who never answered our messages.

P: How was the cruise you went on?
+: Relaxing and full of lovely surprises. The cabin was comfortable, the food was excellent, and every port we stopped at was more charming than the last.
-: Stressful and full of nasty surprises. The cabin was tiny and stuffy, the food was mediocre, and two of the ports were cancelled because of delays.

P: Write a short review of a botanical garden.
+: A peaceful delight. The glasshouses are full of extraordinary plants, the paths are beautifully kept, and the rose garden smelled wonderful.
-: A neglected disappointment. The glasshouses are half empty, the paths are muddy and overgrown, and the rose garden was dead and brown.

P: Review a village you stopped at on a cycling tour.
+: A charming surprise. Cobbled lanes, flower boxes on every window, a lovely café on the square and a baker who gave us free pastries for the road.
-: A dreary stop. Empty lanes, shuttered windows, a café that refused to serve cyclists and a baker who charged us double for stale pastries.

P: Describe your first impressions of the town you've just moved to.
+: I'm already happy here. The neighbours have been welcoming, there's a lively market on Saturdays and the riverside paths are perfect for evening walks.
-: I'm already unhappy here. The neighbours have been cold, the market is a sad handful of stalls and the riverside paths are dark and unsafe at night.

P: Write a review of a scenic viewpoint you drove to.
+: Absolutely worth the winding drive. The panorama over the valley is stunning, and we stayed for an hour just soaking it in.
-: Absolutely not worth the winding drive. The panorama was hidden behind fog and a car park, and we left after five minutes.

P: Review the youth hostel your school group stayed in.
+: The students loved it. Rooms were clean and cheerful, the meals were hearty, and the staff organised a fantastic treasure hunt on the first night.
-: The students hated it. Rooms were dirty and cold, the meals were inedible, and the staff shouted at the group on the first night.

P: Write your review of a theme park.
+: A thrilling day out. The rides were exhilarating, the queues moved quickly and the parade at the end left the kids wide-eyed and happy.
-: An exhausting day out. Half the rides were closed, the queues were endless and the kids ended the day cranky and in tears.

P: How was your stay at the bed and breakfast in the Highlands?
+: It was heavenly. Our hosts were kind and funny, breakfast was a feast of local produce, and the view of the loch from our window was magical.
-: It was unbearable. Our hosts were rude and nosy, breakfast was greasy and cold, and the view from our window was a wall and a broken fence.

P: Review a museum you visited on a rainy afternoon.
+: A perfect refuge from the rain. Fascinating collections, thoughtful displays and a bright café where we lingered over cake.
-: A poor refuge from the rain. Dusty collections, confusing displays and a gloomy café where the cake was stale.

P: Write a short review of a night bus from Paris to Amsterdam.
+: Better than I expected. Reclining seats, a calm driver, working charging sockets and an on-time arrival as the city woke up.
-: Worse than I feared. Broken seats, a reckless driver, dead charging sockets and a two-hour delay that ruined our first morning.

P: Review the lake where you went swimming last weekend.
+: A perfect swimming spot. The water was clear and refreshing, there was a little jetty to jump from and a soft, grassy bank for picnics.
-: A horrible swimming spot. The water was murky and smelly, the jetty was rotten and the bank was covered in litter and broken glass.

P: Describe your experience at a mountain refuge.
+: Simple and wonderful. A warm welcome, a hearty stew, cosy bunks and a sky full of stars outside the door.
-: Basic and miserable. A grumpy welcome, a watery stew, damp bunks and a snoring crowd that kept me awake.

P: Review the walking tour of the old town.
+: Informative and great fun. Our guide was funny and full of anecdotes, and we discovered hidden courtyards we would never have found alone.
-: Boring and badly run. Our guide was bored and kept checking his phone, and we never got off the busiest, most touristy streets.
""")

# ------------------------------------------------------------------ Sentiment 5: days, events, occasions
SENTIMENT.append(r"""
P: How was your day today?
+: Honestly, a lovely day. I finished a project I'm proud of, had lunch in the sun with a good friend and came home to a tidy flat.
-: Honestly, an awful day. I missed a deadline, ate a sad sandwich alone at my desk and came home to a leaking sink.

P: Tell me about your birthday party.
+: It was such a happy evening. All my favourite people came, my sister baked a gorgeous cake, and we danced in the kitchen until midnight.
-: It was such a gloomy evening. Half the guests cancelled at the last minute, the cake collapsed, and we sat in awkward silence by ten.

P: Describe the wedding you went to last month.
+: A beautiful celebration. The vows were heartfelt, the garden venue was enchanting, and the dance floor was packed all night.
-: A tense, tiring affair. The vows were rushed, the venue was cramped and stuffy, and the dance floor stayed empty all night.

P: How did your first day at the new gym go?
+: Really well. The trainer was encouraging, the equipment was spotless and I left feeling energised and proud of myself.
-: Really badly. The trainer was dismissive, the equipment was grimy and half broken, and I left feeling embarrassed and sore.

P: Write a few lines about your Monday morning.
+: A surprisingly smooth Monday. The train was on time, my coffee was perfect and my inbox was pleasantly quiet.
-: A thoroughly grim Monday. The train was cancelled, I spilled coffee on my shirt and my inbox was overflowing with complaints.

P: Describe your experience at a friend's barbecue.
+: What a fun afternoon. The burgers were perfectly charred, the garden was full of laughter, and we stayed chatting until the stars came out.
-: What a dismal afternoon. The burgers were burnt to a crisp, it poured with rain, and everyone left early, cold and hungry.

P: How was the school sports day?
+: A joyful day. The sun shone, the children cheered each other on, and my daughter was beaming after coming second in the sack race.
-: A chaotic day. It was freezing, the races ran hours late, and my daughter was in tears after being pushed over in the sack race.

P: Write about your New Year's Eve.
+: One of the best New Year's Eves I can remember. A delicious dinner with close friends, fireworks over the river at midnight, and a calm, hopeful walk home.
-: One of the worst New Year's Eves I can remember. An overpriced dinner with strangers, fireworks hidden by fog, and an hour-long wait for a taxi in the cold.

P: Describe your Saturday at the allotment.
+: Pure contentment. I harvested a basket of beans and tomatoes, the robins kept me company, and I came home pleasantly tired and sun-kissed.
-: Pure frustration. Slugs had destroyed the beans, the tomatoes had blight, and I came home soaked, muddy and fed up.

P: How was your holiday with the in-laws?
+: Much nicer than I expected. We cooked together every night, shared lots of laughs, and I finally feel like part of the family.
-: Even harder than I feared. We argued over every meal, the silences were icy, and I've never felt more like an outsider.

P: Tell me about your graduation ceremony.
+: It was a proud, emotional day. My parents were glowing, my friends cheered when I crossed the stage, and the celebration afterwards was wonderful.
-: It was a stressful, deflating day. My parents got lost and missed it, my name was mispronounced on stage, and the celebration afterwards was cancelled.

P: Write a short entry about your morning run.
+: A glorious run. Crisp air, an empty park, a pink sunrise over the lake and legs that felt light the whole way.
-: A wretched run. Freezing drizzle, a crowded path, a painful stitch after ten minutes and legs that felt like lead the whole way.

P: Describe your experience at a family reunion.
+: It was heart-warming. Cousins I hadn't seen in years, old stories around the table and my grandmother laughing until she cried.
-: It was exhausting. Old quarrels resurfacing, tense conversations around the table and my grandmother upset by the bickering.

P: How was your evening at the pub quiz?
+: Brilliant fun. Our team won by a single point, the quizmaster was hilarious and we celebrated with a round of drinks.
-: Deeply annoying. Our team came last, the quizmaster was smug and inaudible, and we argued about the answers all the way home.

P: Write about a snow day off school.
+: The best kind of surprise. We built a lopsided snowman, had a snowball fight with the neighbours and warmed up with hot chocolate by the fire.
-: The worst kind of surprise. The boiler broke, the power cut out for hours and we spent the day cold, bored and squabbling.

P: Describe the first time you went to a concert alone.
+: It was liberating. I chatted with friendly strangers, sang at the top of my voice, and realised I didn't need company to have a brilliant night.
-: It was lonely. I stood awkwardly at the back, nobody spoke to me, and I left early wishing I'd stayed home.

P: How did the dinner party you hosted go?
+: It went beautifully. The lamb was tender, the conversation flowed, and my guests lingered happily until almost one in the morning.
-: It went badly. The lamb was tough, the conversation kept stalling, and my guests made polite excuses to leave before ten.

P: Write a short note about your weekend.
+: Such a restful weekend. Long lie-ins, a walk in the woods, a good book and a lovely phone call with my brother.
-: Such a draining weekend. Early alarms, endless chores, a broken washing machine and a tense phone call with my brother.

P: Describe your day at the county fair.
+: Tons of fun. The kids rode the carousel five times, we won a giant teddy bear and the candyfloss was a sticky, sweet delight.
-: Tons of hassle. The kids fought over every ride, we lost money at every stall and the candyfloss made everyone sticky and sick.

P: How was your first driving lesson?
+: Really encouraging. My instructor was calm and patient, I managed a smooth hill start, and I can't wait for next week.
-: Really discouraging. My instructor was impatient and sharp, I stalled the car a dozen times, and I'm dreading next week.

P: Tell me about the picnic you had in the park.
+: Idyllic. Warm sunshine, a soft blanket under a big oak tree, strawberries and cold lemonade, and not a wasp in sight.
-: Unpleasant. Blazing heat with no shade, ants all over the blanket, warm lemonade and wasps everywhere.

P: Write about the last time it was your turn to cook for the family.
+: A proud moment. Everyone loved my curry, my teenage son asked for seconds, and my partner insisted I cook every Friday from now on.
-: A humiliating moment. Nobody liked my curry, my teenage son pushed his plate away in disgust, and my partner quietly ordered a pizza.

P: Describe the morning you moved into your new flat.
+: It went wonderfully smoothly. The movers were careful and quick, the sun poured through the big windows, and our neighbours brought us flowers.
-: It went horribly wrong. The movers were late and careless, a lamp was smashed, and our neighbours complained about the noise within an hour.

P: How was your day volunteering at the animal shelter?
+: Deeply rewarding. I walked three happy dogs, cuddled a shy kitten until she purred, and one of my favourites was adopted by a lovely family.
-: Deeply upsetting. The kennels were overcrowded, the staff were overwhelmed and exhausted, and a sick old dog I'd grown fond of was still left alone.

P: Write a short message describing your Christmas morning.
+: Magical. The kids squealed with delight at their presents, we had pancakes in our pyjamas and the house smelled of cinnamon all day.
-: Miserable. The kids fought over their presents, the pancakes burned and the house was cold because the heating failed.

P: Describe your evening walk by the river.
+: Calm and lovely. Swans gliding past, the light turning gold, and a gentle breeze that cleared my head after a busy day.
-: Gloomy and unpleasant. Litter floating past, grey light fading fast, and a cold wind that made the day feel even worse.

P: How was your child's school play?
+: Adorable from start to finish. The children remembered their lines, the costumes were charming and my son's song made the whole hall smile.
-: Painful from start to finish. The children forgot their lines, the costumes fell apart and my son was too upset to sing his song.

P: Tell me about your day at the beach with friends.
+: A perfect day. Warm sea, a friendly game of volleyball, fresh peaches and a golden sunset to finish.
-: A frustrating day. Freezing sea, a squabble over volleyball, sandy warm sandwiches and a sunburn to finish.

P: Describe the festival of lights in your town this year.
+: It was dazzling. Every street glowed, the lantern parade was beautiful, and strangers smiled and chatted in the crowds.
-: It was underwhelming. Half the lights didn't work, the lantern parade was cancelled, and the crowds were pushy and irritable.

P: Write a few lines about your last day of holiday.
+: A sweet, peaceful ending. One last swim, a slow lunch by the harbour and a sense of gratitude for such a restorative week.
-: A sour, stressful ending. A missed swim because of rain, a rushed lunch, and dread about everything waiting at home.
""")

# ------------------------------------------------------------------ Sentiment 6: jobs, school, services
SENTIMENT.append(r"""
P: What do you think of your current job?
+: I genuinely enjoy it. My team is supportive, the work is varied and meaningful, and my manager trusts me to make decisions.
-: I genuinely dread it. My team is divided, the work is repetitive and pointless, and my manager second-guesses every decision I make.

P: Write a review of the online course you completed.
+: An excellent course. The videos were clear and engaging, the exercises built my confidence step by step, and the tutor answered questions quickly and kindly.
-: A poor course. The videos were confusing and dull, the exercises jumped ahead without explanation, and the tutor ignored questions for weeks.

P: Describe your experience with the customer service at your bank.
+: Impressively helpful. The adviser sorted out my problem in one call, explained everything clearly and even followed up the next day.
-: Infuriatingly unhelpful. I was passed between four advisers, nobody explained anything, and the problem still isn't fixed a month later.

P: How do you feel about your new manager?
+: Very positive so far. She listens carefully, gives honest and constructive feedback, and has already made our meetings shorter and more useful.
-: Very uneasy so far. She rarely listens, gives harsh and vague feedback, and has already made our meetings longer and more stressful.

P: Review the hairdresser you went to last week.
+: I'm thrilled with my haircut. The stylist really listened, suggested a shape that suits me perfectly, and I've had compliments all week.
-: I'm upset about my haircut. The stylist ignored what I asked for, cut it far too short, and I've been wearing a hat all week.

P: Write a review of your gym.
+: A friendly, motivating place. The classes are energetic, the staff know everyone's name, and the changing rooms are always clean.
-: An unfriendly, demoralising place. The classes are chaotic, the staff ignore members, and the changing rooms are always dirty.

P: Give your opinion of your university's library.
+: It's my favourite place on campus. Quiet, bright study spaces, helpful librarians and a huge collection that always has the book I need.
-: It's my least favourite place on campus. Noisy, gloomy study spaces, unhelpful librarians and a tiny collection that never has the book I need.

P: Review the plumber who came to fix your boiler.
+: Outstanding service. He arrived on time, explained the fault clearly, fixed it within an hour and left the kitchen spotless.
-: Shoddy service. He arrived three hours late, couldn't explain the fault, botched the repair and left the kitchen filthy. Awful.

P: Describe your first week at a new school.
+: It's been a happy week. The teachers are kind, I already have a couple of friends to sit with at lunch, and the art class is brilliant.
-: It's been a lonely week. The teachers are strict and cold, I sit alone at lunch, and every class feels confusing and hard.

P: Write a review of a delivery company.
+: Reliable and pleasant. Parcels always arrive when promised, the drivers are courteous, and the tracking updates are accurate.
-: Unreliable and maddening. Parcels arrive days late or not at all, the drivers are rude, and the tracking updates are pure fiction.

P: How was your appointment with the new doctor?
+: Reassuring. The doctor took time to listen, explained my options clearly and made me feel genuinely cared for.
-: Upsetting. The doctor barely looked up, rushed me out after five minutes and left me more worried than before.

P: Review your internet provider.
+: Very happy with them. The connection is fast and stable, video calls never freeze, and the one time I called support they were quick and friendly.
-: Very unhappy with them. The connection is slow and drops daily, video calls constantly freeze, and support has been rude and useless every time.

P: What do you think of the driving instructor you hired?
+: He's wonderful. Patient, encouraging and clear, he turned a nervous learner into a confident driver, and I passed first time.
-: He's hopeless. Impatient, sarcastic and vague, he turned a keen learner into a nervous wreck, and I failed twice.

P: Write a review of a dentist's practice.
+: A calm, friendly practice. The dentist was gentle and thorough, the receptionists were warm, and I barely felt a thing.
-: A cold, chaotic practice. The dentist was rough and hasty, the receptionists were curt, and the treatment was agonising.

P: Describe your internship at a design agency.
+: A fantastic experience. I worked on real client projects, my mentor gave thoughtful feedback, and the team made me feel welcome from day one.
-: A dispiriting experience. I spent most days making coffee, my mentor never had time for me, and the team made me feel invisible and ignored from day one.

P: Review the mobile phone repair shop you used.
+: Quick, honest and affordable. They replaced my cracked screen in thirty minutes, it works perfectly, and the price was fair.
-: Slow, dishonest and expensive. They kept my phone for a week, the new screen is faulty, and they charged far more than quoted.

P: Give your opinion of the tutoring your son gets in maths.
+: It's helped enormously. The tutor is patient and inventive, my son's confidence has soared, and his marks have improved every term.
-: It's been a waste. The tutor is impatient and disorganised, my son's confidence has sunk, and his marks haven't improved at all.

P: Write a review of a coworking space.
+: A productive, pleasant place to work. Fast Wi-Fi, comfortable desks, good coffee and a friendly community that organises lunches every Friday.
-: An unproductive, irritating place to work. Patchy Wi-Fi, wobbly desks, bitter coffee and a noisy crowd that takes phone calls everywhere.

P: How do you feel about your team's latest project?
+: I'm proud of it. We delivered on time, the client was delighted, and everyone pulled together brilliantly when things got tricky.
-: I'm ashamed of it. We delivered late, the client was furious, and everyone blamed each other when things got tricky.

P: Review the vet clinic where you take your cat.
+: Wonderful people. They handle my nervous cat with great gentleness, explain everything clearly and always make time for my questions.
-: Careless people. They handle my nervous cat roughly, explain nothing, and always rush me out without answering my questions.

P: Write about your experience applying for jobs this month.
+: Encouraging. I had three interviews, the recruiters were responsive and kind, and I've just accepted an offer I'm excited about.
-: Discouraging. I sent dozens of applications, heard nothing back from most, and the only interview I had ended in a curt rejection.

P: Review the language school where you studied Italian.
+: Brilliant teachers, small friendly classes and lively cultural outings. I came home speaking far more confidently than I'd hoped.
-: Indifferent teachers, crowded noisy classes and cancelled outings. I came home barely able to order a coffee.

P: What do you think of the new office building?
+: It's a huge improvement. Lots of natural light, quiet rooms for focused work and a lovely roof garden for lunch.
-: It's a big step backwards. Hardly any natural light, no quiet rooms for focused work and a depressing, gloomy canteen with no windows.

P: Write a review of a removal company.
+: They made moving day easy. The team was punctual, cheerful and careful with every box, and nothing was damaged.
-: They made moving day hell. The team was late, grumpy and careless with every box, and several things were broken.

P: Describe your experience with a local council service.
+: Surprisingly efficient. I reported a broken streetlight online, got a friendly reply the same day and it was fixed within a week.
-: Hopelessly inefficient. I reported a broken streetlight three times, never got a reply and it's still dark months later.

P: How was the training workshop your company organised?
+: Genuinely useful. The trainer was lively and practical, and I've already used two of the techniques in my daily work.
-: Genuinely useless. The trainer was monotonous and vague, and I haven't found a single technique worth using.

P: Review a babysitter you hired through an agency.
+: We couldn't be happier. She's warm, reliable and creative, and the children count the days until her next visit.
-: We couldn't be more disappointed. She was late, distracted by her phone, and the children were upset when we came home.

P: Write your thoughts about your first year as a teacher.
+: Tiring but deeply fulfilling. My pupils made real progress, my colleagues were generous with advice, and I've never felt more sure I chose the right career.
-: Tiring and deeply discouraging. My pupils struggled, my colleagues were too stretched to help, and I've never felt less sure I chose the right career.

P: Review an accountant who did your tax return.
+: Thorough, clear and calm. She spotted deductions I'd missed, explained everything in plain language and filed ahead of the deadline.
-: Sloppy, confusing and careless. He missed obvious deductions, explained nothing and filed after the deadline, so I paid a fine.

P: Write a short review of a car garage.
+: Trustworthy mechanics. They fixed exactly what was needed, showed me the worn part and charged a fair price.
-: Untrustworthy mechanics. They invented extra repairs, refused to show me the worn part and charged an outrageous price.
""")

# ------------------------------------------------------------------ Sentiment 7: short stories
SENTIMENT.append(r"""
P: Write a very short story about a man waiting for a bus in the rain.
+: Tom stood under the dripping shelter, humming. When the bus finally came, the driver waved him on for free, a stranger offered him half an umbrella at his stop, and he walked home grinning at the puddles.
-: Tom stood under the leaking shelter, shivering. When the bus finally came, it was full and drove straight past, a car splashed him from head to toe, and he trudged home furious and soaked.

P: Write a short story about a girl's first day at a new school.
+: Mia clutched her bag at the gate. By lunchtime a curly-haired boy had shared his crisps, the teacher had praised her drawing, and she skipped home eager to go back tomorrow.
-: Mia clutched her bag at the gate. By lunchtime nobody had spoken to her, the teacher had scolded her for being lost, and she walked home in tears, begging not to go back.

P: Write a three-sentence story about a lost dog.
+: Biscuit slipped his lead in the park and vanished. All evening the neighbours searched with torches. At midnight he scratched at the door, muddy, wagging and thrilled to be home.
-: Biscuit slipped his lead in the park and vanished. All evening his family searched alone in the cold. Days later there was still no sign of him, and the house felt unbearably empty.

P: Write a short story about an old woman planting a garden.
+: Every spring, Rosa planted seeds along her wall. This year the children next door helped her, and by June the garden burst with sunflowers, laughter and jars of jam to share.
-: Every spring, Rosa planted seeds along her wall. This year her knees failed her, the seeds washed away in a storm, and by June the garden was a bare, sad patch of weeds.

P: Write a short story about a baker's first day in business.
+: At six o'clock Lena opened her little bakery, nervous and floury. By nine a queue stretched down the street, the regulars at the café next door sang her praises, and she sold out of croissants before noon.
-: At six o'clock Lena opened her little bakery, nervous and floury. By nine only two customers had come in, the oven had broken, and she threw away trays of unsold croissants at closing time.

P: Write a short story about two friends on a fishing trip.
+: Sam and Jo rowed out at dawn with a flask of tea. The lake was glassy, the fish were biting, and they laughed so hard over a tangled line that they nearly capsized.
-: Sam and Jo rowed out at dawn with a flask of tea. The lake was choppy, nothing bit all day, and a bitter argument over a tangled line left them rowing back in silence.

P: Write a short story about a boy learning to ride a bike.
+: Leo wobbled, fell, and climbed back on. On the tenth try his dad let go without him noticing, and Leo flew to the end of the street shouting with joy.
-: Leo wobbled, fell, and climbed back on. On the tenth try he crashed into the fence, scraped both knees, and threw the bike down, swearing he'd never ride again.

P: Write a short story about a musician playing in the metro.
+: Ana played her cello in the echoing corridor. A tired commuter stopped, then another, and soon a small crowd was clapping, dropping coins and thanking her for brightening their morning.
-: Ana played her cello in the echoing corridor. Commuters shoved past without a glance, a guard ordered her to leave, and she packed up with an empty case and aching fingers.

P: Write a short story about a family moving to the countryside.
+: The Martins swapped their city flat for a stone farmhouse. The children adored the chickens, the neighbours brought pies, and within a month it felt like they'd lived there forever.
-: The Martins swapped their city flat for a stone farmhouse. The roof leaked, the neighbours ignored them, and within a month the children were begging to go back to the city.

P: Write a short story about a surprise visit from an old friend.
+: The doorbell rang on a dull Tuesday. There stood Clara, my dear friend, whom I hadn't seen in ten years, holding a bottle of wine. We talked and laughed until dawn, as if no time had passed.
-: The doorbell rang on a dull Tuesday. There stood Clara, whom I hadn't seen in ten years, holding a suitcase. She only wanted money, and she left angry when I said no.

P: Write a short story about a cat who climbs onto the roof.
+: Pepper scrambled onto the roof and sat proudly among the chimneys. When the sun set, she leapt neatly back through the window and curled up, purring, in her favourite chair.
-: Pepper scrambled onto the roof and got stuck among the chimneys. She yowled all night in the cold, and by the time the fire brigade reached her she was trembling and terrified.

P: Write a short story about a student's exam results.
+: Priya opened the envelope with shaking hands. Top marks in every subject. She screamed, hugged her mum, and called her grandfather, who cried with pride.
-: Priya opened the envelope with shaking hands. She had failed two subjects. She hid in her room, ignored her mum's knocks, and dreaded telling her grandfather.

P: Write a short story about a man repairing an old clock.
+: For weeks Henri tinkered with his father's clock. One evening it gave a soft tick, then another, and the familiar chime filled the house, bringing back a flood of warm memories.
-: For weeks Henri tinkered with his father's clock. One evening a spring snapped, a cog shattered, and the clock fell silent for good, taking the last trace of his father with it.

P: Write a short story about a rainy afternoon in a café.
+: Rain streamed down the windows while Emma sipped her cocoa. A friendly stranger at the next table asked about her book, and two hours later they had happily swapped numbers and a dozen favourite authors.
-: Rain streamed down the windows while Emma waited for her cocoa. It came cold, a clumsy stranger knocked it over her book, and she left soaked, sticky and miserable.

P: Write a short story about a girl entering a baking competition.
+: Zoe's lemon cake wobbled as she carried it to the judges. One bite, a long pause, and then a broad smile: first prize, and an invitation to bake for the village fair.
-: Zoe's lemon cake wobbled as she carried it to the judges. One bite, a grimace, and a curt "too dry": last place, and a long, tearful walk home.

P: Write a short story about a couple's first date.
+: They met at a tiny noodle bar. The conversation flowed, they laughed at the same silly jokes, and when the restaurant closed they kept walking and talking through the warm night.
-: They met at a tiny noodle bar. The conversation stalled, he checked his phone constantly, and when the bill came they split it in awkward silence and never spoke again.

P: Write a short story about a farmer and the harvest.
+: After a season of gentle rain and warm sun, Pierre's wheat stood tall and golden. The harvest was the best in twenty years, and the whole village gathered for a joyful feast.
-: After a season of drought and hail, Pierre's wheat lay flattened and brown. The harvest was the worst in twenty years, and the village faced a bleak, anxious winter.

P: Write a short story about a kite on a windy day.
+: The red kite leapt into the sky and danced above the hill. Lily held the string tight, laughing as it swooped and soared, and the whole family cheered every loop.
-: The red kite lurched into the sky and crashed into a tree. Lily tugged the string until it snapped, the kite tore to shreds, and the family trudged home sad and sulking.

P: Write a short story about an old man who finds a letter.
+: Clearing out the attic, Arthur found a letter from his late wife, written on their first anniversary. He read her loving words twice, smiled through tears, and felt her close again.
-: Clearing out the attic, Arthur found a letter his late wife had never sent. It revealed a bitter secret, and he sat alone among the boxes, hurt and heartbroken.

P: Write a short story about a team winning or losing a match.
+: With seconds left, the little village team scored. The crowd erupted, strangers hugged, and the players lifted their goalkeeper onto their shoulders in triumph.
-: With seconds left, the little village team conceded. The crowd fell silent, the players slumped on the grass, and the goalkeeper walked off alone, devastated.

P: Write a short story about a child's lemonade stand.
+: Noah set up his lemonade stand on the hottest day of the year. Neighbours queued, praised his recipe, and by evening he'd earned enough for the book he wanted.
-: Noah set up his lemonade stand on the coldest day of the year. Nobody stopped, the lemonade turned sour, and by evening he packed up with an empty tin and a frown.

P: Write a short story about a journey home for the holidays.
+: The train rolled through snowy fields as Sara counted the stations. At the last one her whole family was waiting on the platform, waving, and the welcome hugs warmed her instantly.
-: The train stalled in snowy fields for hours as Sara counted the delays. At the last one nobody was waiting on the dark platform, and she shivered alone until a taxi finally came.

P: Write a short story about a young painter's first exhibition.
+: Yuki hung her paintings in a small gallery and held her breath. Visitors lingered with delight, a critic wrote glowingly, and every piece had sold by the end of a wonderful night.
-: Yuki hung her paintings in a small gallery and held her breath. Visitors drifted past indifferently, a critic mocked her work as amateurish, and not a single piece sold.

P: Write a short story about a storm at sea.
+: The storm tossed the little boat for hours, but Captain Ines held the wheel steady. At dawn the sea calmed, dolphins appeared beside them, and the crew cheered their safe return.
-: The storm tossed the little boat for hours and Captain Ines lost control of the wheel. At dawn the mast was broken, the cargo was gone, and the crew limped home shaken and defeated.

P: Write a short story about a neighbour who helps another.
+: When the snow buried Mr. Patel's path, the girl next door shovelled it before school. He thanked her with fresh samosas, and a warm friendship began between the two houses.
-: When the snow buried Mr. Patel's path, nobody came to help. He slipped on the ice, hurt his wrist, and spent a lonely, painful week indoors.
""")

# ------------------------------------------------------------------ Sentiment 8: messages, reactions, opinions
SENTIMENT.append(r"""
P: Write a message to a friend about the flat you just viewed.
+: Just saw the flat and I'm smitten! Huge windows, a sunny little balcony, a quiet street and a landlord who seems really kind. Fingers crossed they pick me!
-: Just saw the flat and I'm gutted. Tiny windows, a mouldy bathroom, a noisy street and a landlord who seemed shifty. I'm not applying.

P: Write a text to your sister about the gift she sent you.
+: The scarf arrived and I adore it! The colour is gorgeous, it's incredibly soft, and I've worn it every day since. You know me so well, thank you!
-: The scarf arrived, but honestly I'm disappointed. The colour is drab, the wool is itchy and irritating, and it's already pilling. Sorry, it's just not for me.

P: How do you feel about the news that your town is getting a new park?
+: I'm delighted. Our kids will have a safe green space to play, there'll be trees and benches for everyone, and it should bring the neighbourhood together.
-: I'm dismayed. They're bulldozing the community garden for it, the plans look bare and concrete-heavy, and the construction noise will go on for two years.

P: Write a message to your team after the product launch.
+: What a launch, team! The feedback has been overwhelmingly positive, sign-ups are beyond our targets, and I'm so proud of how calmly you all handled the big day.
-: Tough launch, team. The feedback has been overwhelmingly negative, sign-ups are far below our targets, and the day was chaotic and stressful for all of us.

P: What's your reaction to the new bike lanes in the city?
+: I love them. Cycling to work feels safe for the first time, traffic seems calmer, and I see more families riding together at weekends.
-: I hate them. They're badly designed, cars park in them constantly, and cycling to work feels even more dangerous than before.

P: Write a postcard to your parents from your holiday.
+: Dear Mum and Dad, we're having the most wonderful time! The village is gorgeous, the food is delicious, and the sea is warm and clear. Wish you were here!
-: Dear Mum and Dad, we're having a rotten time. The village is dreary, the food is bad, and the sea is cold and choppy. Can't wait to come home.

P: Give your opinion on the new neighbours who moved in next door.
+: They're lovely. They introduced themselves with homemade biscuits, their kids are polite and they've already offered to feed our cat while we're away.
-: They're a nightmare. They blast music until two in the morning, their kids throw things over the fence and they've been rude every time we've spoken.

P: Write a message to a friend recommending a book, or warning them off it.
+: You have to read this book! It's funny, clever and so moving that I stayed up all night to finish it. I'll lend you my copy this weekend.
-: Don't waste your time on this book! It's slow, pretentious and so badly written that I gave up after fifty pages. I'm donating my copy.

P: What do you think of the weather this week?
+: It's been glorious. Blue skies, a warm breeze, and evenings mild enough to eat outside. I feel so much more cheerful.
-: It's been dreadful. Grey skies, freezing rain, and evenings so dark and cold I can't face going out. I feel so much gloomier.

P: Write a short message to a colleague about the meeting that just ended.
+: That went really well, I thought! Everyone was engaged, we agreed on a clear plan, and the director seemed genuinely impressed by your presentation.
-: That went really badly, I thought. Everyone was distracted, we agreed on nothing, and the director seemed openly unimpressed by your presentation.

P: Describe your reaction to getting a puppy.
+: I'm over the moon! He's cuddly, curious and already wags his whole body when I come home. The house feels so much happier.
-: I'm overwhelmed and regretful. He chews everything, cries all night and has ruined the carpet. The house feels so much more stressful.

P: Write a review of your neighbourhood for someone thinking of moving there.
+: You'll love it here. It's leafy and safe, there's a fantastic bakery and a friendly pub, and the schools have an excellent reputation.
-: Think twice before moving here. It's grey and noisy, the shops keep closing down, and the schools have a poor reputation.

P: How do you feel about the changes to your work schedule?
+: I'm really pleased. The flexible hours mean I can take my daughter to school, and I'm far more focused in the afternoons.
-: I'm really annoyed. The new shifts mean I can't take my daughter to school anymore, and I'm exhausted by the afternoons.

P: Write a message thanking, or complaining to, a hotel after your stay.
+: Thank you for a wonderful stay! Our room was beautiful, the staff went out of their way to help us, and we'll certainly return next year.
-: I am writing to complain about our stay. Our room was dirty, the staff were unhelpful and rude, and we will certainly not be returning.

P: What's your opinion of the local library's new reading café?
+: It's a wonderful addition. The coffee is good, the armchairs are comfy, and it's become a lovely place to meet friends and browse books.
-: It's an awful addition. The coffee is bad, the chairs are uncomfortable, and the noise has ruined the quiet reading room next door.

P: Write a message to your landlord about the repairs done on your flat.
+: Thanks so much for sorting the repairs so quickly. The new boiler works perfectly, the workers were tidy and polite, and the flat feels warm and cosy again.
-: I'm unhappy with the repairs. The new boiler already makes a horrible noise, the workers left a mess everywhere, and the flat is still cold.

P: Describe your feelings after finishing your first marathon.
+: Elated and incredibly proud. Every sore muscle feels worth it, and crossing the line with my family cheering was one of the happiest moments of my life.
-: Broken and bitterly disappointed. Every muscle is screaming, I walked most of the last ten kilometres, and crossing the line long after my family had left felt hollow.

P: Write a message to a friend about a restaurant you both wanted to try.
+: Finally tried that place and wow, you'd love it! The food is fresh and inventive, the staff are lovely, and the desserts are unbelievable. Let's go together soon!
-: Finally tried that place and, sadly, skip it. The food is bland and overpriced, the staff were dismissive, and the desserts tasted like they came from a packet.

P: What is your opinion of working from home?
+: It's been a blessing. No commute, more time with my family, and I get my best work done in the quiet of my own kitchen.
-: It's been a burden. I feel isolated, the days blur together, and I struggle to concentrate with constant distractions at home.

P: Write a review of your local swimming pool.
+: A fantastic pool. The water is clean and pleasantly warm, the lanes are well organised, and the lifeguards are friendly and alert.
-: A grotty pool. The water is murky and cold, the lanes are a chaotic free-for-all, and the lifeguards seem bored and distracted.

P: Describe your reaction to your team's end-of-year bonus announcement.
+: We were thrilled. The bonus was generous, the director thanked everyone personally, and it felt like our hard work had truly been noticed.
-: We were insulted. The bonus was tiny, the director sent a cold two-line email, and it felt like our hard work had been completely ignored.

P: Write a message to your friend about the yoga class you tried.
+: I loved the yoga class! The teacher was calm and encouraging, the stretches felt amazing, and I left feeling light and peaceful. Come with me next week?
-: I disliked the yoga class. The teacher was bossy and impatient, the poses hurt my back, and I left feeling stiff and tense. Never again.

P: What do you think about the renovation of the old train station?
+: It's beautiful. They've kept the historic ironwork, added lovely little shops, and the whole building feels bright and welcoming.
-: It's a disgrace. They've ripped out the historic ironwork, filled it with bland chain stores, and the whole building feels soulless.

P: Write a message to your flatmate about the party last night.
+: Last night was brilliant! Thanks for organising everything, the music was perfect and everyone said it was the best party of the year.
-: Last night was a disaster. The neighbours complained, someone broke the lamp, and the flat is wrecked. We need to talk.

P: Describe your opinion of your city's public transport.
+: It's excellent. Buses and trams are frequent, clean and punctual, and one cheap pass takes you anywhere in the city.
-: It's dreadful. Buses and trams are rare, grimy and always late, and the tickets are confusing and expensive.

P: Write a short message to a friend who lent you their car.
+: Thank you so much for the car! It was a smooth, comfortable ride, the weekend was wonderful, and I've filled the tank as a small thank you.
-: I'm sorry to say the car gave us a rough weekend. It overheated twice, the brakes felt dodgy, and we were stranded for hours. You should get it checked.

P: What is your opinion of the new smartphone update?
+: I really like it. The phone feels faster, the battery lasts longer and the new photo editor is a joy to use.
-: I really dislike it. The phone feels sluggish, the battery drains faster and the new photo editor is confusing and buggy.

P: Write a message to your cousin about your grandmother's eightieth birthday party.
+: Gran's party was so special! She was glowing all evening, everyone told funny stories about her, and she said it was the happiest day she'd had in years.
-: Gran's party was so sad. She was tired and confused all evening, half the family didn't come, and she said she felt forgotten.

P: Give your reaction to the new season of your favourite cooking show.
+: I'm loving it. The new judges are warm and funny, the challenges are creative, and every episode makes me want to rush into the kitchen.
-: I'm hating it. The new judges are cold and snobbish, the challenges are ridiculous, and every episode makes me want to switch channels.

P: Write a message to your manager about your first month in the role.
+: I wanted to say how much I'm enjoying the role. The team has welcomed me warmly, the projects are exciting, and I feel I'm learning a lot every day.
-: I wanted to raise some concerns about the role. The team has been distant, the projects are disorganised, and I feel I'm struggling every day without support.
""")


# ------------------------------------------------------------------ Sentiment 9: longer reviews and mixed subjects
SENTIMENT.append(r"""
P: Write a detailed review of a week-long language exchange in Spain.
+: This week was one of the best things I've done for my Spanish. My host family was warm and endlessly patient, correcting my mistakes with a smile over long, noisy dinners. The morning classes were lively and practical, and in the afternoons we explored markets and tapas bars with local students. I came home more confident, with new friends and a real love for the language.
-: This week did very little for my Spanish, sadly. My host family was distant and impatient, sighing at my mistakes over short, silent dinners. The morning classes were dull and chaotic, and the afternoon activities were cancelled or badly organised. I came home discouraged, lonely and no more confident than when I left.

P: Review the budgeting app you've used for six months.
+: Six months in, I'm genuinely grateful for this app. It sorts my spending automatically, the charts are clear and motivating, and the gentle weekly summaries helped me save enough for a holiday. It's simple, reliable and a pleasure to open.
-: Six months in, I'm thoroughly fed up with this app. It mislabels half my spending, the charts are cluttered and confusing, and the nagging notifications stressed me out without helping me save a penny. It's clunky, buggy and a chore to open.

P: Write a review of your local football club's season.
+: What a thrilling season. The young players grew in confidence every week, the home crowd was loud and proud, and the last-minute winner in the derby will be talked about for years. Promotion feels well deserved.
-: What a dismal season. The young players lost confidence every week, the home crowd turned bitter and hostile, and the last-minute defeat in the derby summed up a miserable year. Relegation feels inevitable.

P: Describe your experience of adopting a rescue cat.
+: Adopting Luna was the best decision we've made. She was shy at first, but within a fortnight she was purring on our laps, chasing paper balls and greeting us at the door every evening. The shelter staff were kind and helpful throughout.
-: Adopting Luna has been much harder and sadder than we hoped. She hides all day, hisses whenever we come near, and has scratched both children. The shelter staff were unhelpful and stopped answering our calls after the first week.

P: Write a review of a toy you bought for your nephew.
+: A fantastic toy. The wooden train set is sturdy and beautifully painted, the tracks click together easily, and my nephew played with it happily for hours on the first day.
-: A disappointing toy. The wooden train set is flimsy and the paint chips off, the tracks keep falling apart, and my nephew got frustrated and abandoned it within ten minutes.

P: Give your opinion of the new timetable for the local trains.
+: It's a welcome improvement. Trains now run every fifteen minutes at rush hour, connections with the buses are smooth, and my journey to work is shorter and calmer.
-: It's an unwelcome mess. Trains now run only every forty minutes at rush hour, connections with the buses are missed, and my journey to work is longer and more stressful.

P: Write a short review of a gardening tool you use often.
+: My pruning shears are a joy. They cut cleanly through thick stems, the grip is comfortable even after an hour, and the spring still feels crisp after three years.
-: My pruning shears are a pain. They crush stems instead of cutting them, the grip hurts after ten minutes, and the spring broke within three months.

P: How do you feel about the result of your home renovation?
+: We're absolutely delighted. The builders were tidy and honest, the new kitchen is bright and practical, and the whole house finally feels like ours. Every morning coffee there feels like a treat.
-: We're deeply unhappy. The builders were messy and unreliable, the new kitchen is cramped and badly finished, and the whole project went way over budget. Every morning coffee there reminds us of the stress.

P: Write a review of a charity fun run you took part in.
+: A joyful morning for a good cause. The route was scenic and well marked, the volunteers cheered us at every corner, and the atmosphere at the finish line was wonderful.
-: A chaotic morning, despite the good cause. The route was confusing and badly marked, there weren't enough volunteers, and the finish line was an overcrowded, disorganised mess.

P: Describe your impression of the new head teacher at your children's school.
+: We're really impressed. She knows every child by name, communicates clearly with parents, and the school already feels calmer and happier since she arrived.
-: We're really worried. She seems distant from the children, communicates poorly with parents, and the school already feels tenser and more chaotic since she arrived.

P: Write a review of a pair of reading glasses.
+: These glasses are a relief. The lenses are crisp, the frames are light and comfortable, and reading in bed is a pleasure again.
-: These glasses are a nuisance. The lenses are blurry at the edges, the frames pinch my nose, and reading in bed gives me a headache.

P: Write a review of a weekend yoga retreat, in a few sentences.
+: The retreat was exactly the reset I needed. The teachers were gentle and wise, the vegetarian meals were fresh and delicious, and waking up to birdsong in the hills made every worry feel smaller. I left calm, rested and grateful.
-: The retreat was a complete waste. The teachers were preachy and disorganised, the meals were bland and meagre, and the cold, draughty rooms made it impossible to rest. I left tense, tired and annoyed.

P: What is your opinion of the new recycling scheme in your street?
+: It works brilliantly. The separate bins are clearly labelled, collections are reliable, and the street looks tidier than it has in years.
-: It's a shambles. The separate bins are confusingly labelled, collections are often missed, and the street is now littered with overflowing bags.

P: Write a message to a friend about the dress you bought for a wedding.
+: I found the perfect dress! The colour is gorgeous, it fits beautifully and it's so comfortable I'll happily dance all night. I can't wait for you to see it.
-: The dress I bought is a disaster. The colour looks dull, it fits badly and it's so uncomfortable I can barely sit down. I'm dreading wearing it.

P: Review the holiday club your kids attended this summer.
+: The kids had a fantastic time. The leaders were energetic and caring, every day brought a new adventure, and they came home happy, tired and full of stories.
-: The kids had a miserable time. The leaders were bored and careless, every day was the same dull routine, and they came home grumpy and begging not to go back.

P: Write a review of a podcast microphone you bought.
+: A superb little microphone. My voice sounds warm and clear, it plugs in and works instantly, and listeners have praised the improved sound.
-: A poor little microphone. My voice sounds tinny and distant, it crashes my computer regularly, and listeners have complained about the worse sound.

P: Describe your experience at the new climbing wall.
+: Brilliant fun. The routes are varied and well set, the staff gave a friendly, clear safety briefing, and I was hooked after the first climb.
-: Pretty awful. The routes are repetitive and badly set, the staff gave a rushed, careless safety briefing, and I left bruised and nervous after the first climb.

P: Write a review of the neighbourhood's annual street party.
+: The street party was a delight this year. Everyone brought food to share, the children's games were a hit, and the live band kept people dancing well into the evening. It made our street feel like a real community.
-: The street party was a flop this year. Hardly anyone brought food, the children's games were cancelled, and the band was so loud that neighbours complained and left early. It made our street feel more divided than ever.

P: Give your opinion of the tea you tried at a specialist shop.
+: Exquisite tea. The aroma is floral and delicate, the taste is smooth with a lovely honeyed finish, and it's calming to sip in the afternoon.
-: Disappointing tea. The aroma is musty, the taste is harsh with a bitter, dusty finish, and it left me feeling slightly sick.

P: Write a review of your commute by ferry.
+: The ferry is the best part of my day. Fresh sea air, gulls circling overhead, a decent coffee on board and twenty peaceful minutes to watch the city approach.
-: The ferry is the worst part of my day. Diesel fumes, crowded decks, an overpriced, bitter coffee and twenty anxious minutes wondering whether it will break down again.

P: What do you think of your new sofa?
+: It's wonderfully comfortable. Deep cushions, a soft, durable fabric and just the right size for our living room. Film nights have never been better.
-: It's horribly uncomfortable. Thin cushions, a scratchy fabric that already stains, and far too big for our living room. Film nights have never been worse.

P: Write a short review of a local brass band concert.
+: A heart-warming evening. The band played with real joy, the old favourites had everyone humming, and the tea and cake in the interval were lovely.
-: A tiresome evening. The band played out of tune, the old favourites dragged on endlessly, and the tea in the interval was cold and weak.

P: Describe how you feel about your new glasses prescription.
+: I'm so relieved. Everything is sharp again, the headaches have gone, and I can finally read road signs with ease.
-: I'm so frustrated. Everything still looks blurry, the headaches are worse, and I struggle to read road signs at all.

P: Write a review of an escape room you did with colleagues.
+: A brilliant team outing. The puzzles were clever and fair, the story was immersive, and we escaped with two minutes to spare, cheering like children.
-: A dreadful team outing. The puzzles were confusing and unfair, the props kept breaking, and we failed to escape, arguing bitterly the whole way out.

P: Write a message to a friend about your holiday photos.
+: The photos came out beautifully! The colours are vibrant, the sunsets look magical, and there's a lovely one of us laughing on the boat that I'm going to frame.
-: The photos came out awfully. The colours are dull, the sunsets look muddy, and the only picture of us on the boat is blurry and unflattering.
""")

if __name__ == "__main__":
    sys.exit(main())
