"""
German demo texts for blog.demo: our own writing, in the site's voice.

Each post has a title, a category, tags and an opening; its body is the
opening plus sections from the pool of its category, so every post reads
as a whole and has enough headings for a table of contents.
"""

CATEGORIES = [
    (
        "Allgemein",
        "Neuigkeiten aus meinem Arbeitsalltag, Blicke hinter die Kulissen und "
        "alles, was nirgends sonst hineinpasst.",
    ),
    (
        "Events",
        "Moderation, Workshops und Bühnen: wie Veranstaltungen gelingen, bei denen "
        "alle gern zuhören.",
    ),
    (
        "Schreiben",
        "Vom ersten Satz bis zum fertigen Buch: Handwerk, Übungen und Mut für alle, "
        "die schreiben wollen.",
    ),
    (
        "Selbstmarketing",
        "Sichtbar werden, ohne dich zu verbiegen: wie Kundinnen und Kunden von "
        "selbst zu dir finden.",
    ),
    (
        "Strategie",
        "Pläne, Positionierung und Zahlen, die zählen: der Überbau für dein Marketing.",
    ),
]

AUTHOR_BIO = (
    "Lena Sommer berät Selbstständige und kleine Unternehmen dabei, mit guten "
    "Inhalten sichtbar zu werden. Sie schreibt Bücher über Marketing, moderiert "
    "Konferenzen und Workshops und glaubt fest daran, dass niemand Klinken putzen "
    "muss, um ausgebucht zu sein."
)

SECTIONS = {
    "Selbstmarketing": [
        (
            "Sichtbarkeit ist keine Frage der Lautstärke",
            "Viele glauben, sichtbar sei, wer am meisten postet. Ich erlebe das "
            "Gegenteil: Sichtbar ist, wer wiedererkannt wird. Das gelingt dir nicht "
            "mit zwanzig Beiträgen pro Woche, sondern mit einer klaren Haltung, die "
            "in jedem deiner Texte durchscheint. Wenn jemand nach drei Sätzen weiß, "
            "dass das hier von dir ist, hast du gewonnen.\n\n"
            "Frag dich deshalb nicht zuerst, wo du noch präsent sein müsstest, "
            "sondern wofür du stehen willst. Schreib drei Sätze auf, die du "
            "jederzeit unterschreiben würdest, auch wenn sie nicht allen gefallen. "
            "Diese drei Sätze sind dein Kompass. Alles, was du veröffentlichst, "
            "darf sich an ihnen messen lassen.",
        ),
        (
            "Dein Angebot in einem Satz",
            "Stell dir vor, du stehst mit einer fremden Person im Aufzug, und sie "
            "fragt: „Und was machst du so?“ Du hast zwei Stockwerke Zeit. Wenn du "
            "jetzt anfängst, deine Methoden aufzuzählen, ist die Tür schon wieder "
            "offen, bevor du beim Nutzen angekommen bist.\n\n"
            "Ein guter Angebotssatz hat drei Teile: für wen, welches Problem, "
            "welches Ergebnis. Zum Beispiel: „Ich helfe Coaches, die keine Lust auf "
            "Kaltakquise haben, mit einem Blog planbar Anfragen zu bekommen.“ "
            "Das ist nicht poetisch, aber es ist klar. Und Klarheit verkauft "
            "besser als jede Metapher.\n\n"
            "Probier es aus: Schreib fünf Varianten deines Satzes und lies sie "
            "laut vor. Die Variante, bei der du nicht ins Stocken gerätst, ist "
            "meistens die richtige.",
        ),
        (
            "Lass Menschen zu dir kommen",
            "Kaltakquise fühlt sich für die meisten an wie Klingeln bei Fremden. "
            "Es gibt einen freundlicheren Weg: Beantworte öffentlich die Fragen, "
            "die deine Kundinnen dir immer wieder stellen. Jede gute Antwort ist "
            "ein kleines Schaufenster. Wer sie findet, lernt dich kennen, bevor "
            "ihr überhaupt miteinander gesprochen habt.\n\n"
            "Der Effekt baut sich langsam auf, dafür hält er an. Ein Artikel, den "
            "du heute schreibst, kann dir in zwei Jahren noch Anfragen bringen. "
            "Ein Anruf bei einer fremden Firma wirkt genau einmal – wenn überhaupt.",
        ),
        (
            "Die Über-mich-Seite ist keine Lebenslauf-Seite",
            "Die meistbesuchte Seite vieler Websites ist die Über-mich-Seite. Und "
            "trotzdem steht dort oft nur ein Lebenslauf in Prosa. Dabei fragen "
            "sich deine Besucherinnen nicht, wo du studiert hast. Sie fragen sich: "
            "Versteht diese Person mein Problem? Kann ich ihr vertrauen? Mag ich "
            "sie?\n\n"
            "Beginne deshalb mit deiner Leserin, nicht mit dir. Beschreibe, in "
            "welcher Lage sie gerade steckt, und erzähl dann, warum du genau dafür "
            "die Richtige bist. Ein ehrliches Foto, eine kleine Anekdote und ein "
            "klarer nächster Schritt machen aus einer Visitenkarte eine Einladung.",
        ),
        (
            "Preise nennen, ohne dich zu entschuldigen",
            "Wenn du deinen Preis nennst und direkt danach einen Rabatt anbietest, "
            "verhandelst du gegen dich selbst. Nenne deinen Preis, mach eine Pause "
            "und halte die Stille aus. Sie fühlt sich länger an, als sie ist.\n\n"
            "Hilfreich ist, den Wert vorher greifbar zu machen: Was kostet es dein "
            "Gegenüber, das Problem nicht zu lösen? Wie viele Stunden, wie viele "
            "verlorene Aufträge, wie viele Abende mit Bauchweh? Wer das vor Augen "
            "hat, hört deinen Preis anders.",
        ),
        (
            "Empfehlungen kannst du einladen",
            "Die besten Kundinnen kommen über Empfehlungen, das wissen wir alle. "
            "Trotzdem überlassen wir sie dem Zufall. Dabei kannst du es deinen "
            "zufriedenen Kundinnen leicht machen: Sag ihnen am Ende eines Projekts, "
            "für wen du dir mehr Aufträge wünschst. Konkret, mit Beispielen.\n\n"
            "Ein Satz wie „Wenn du jemanden kennst, der gerade seine Website neu "
            "aufsetzt, freue ich mich über eine Empfehlung“ ist nicht aufdringlich. "
            "Er ist eine Hilfe für Menschen, die dir gern etwas Gutes tun wollen "
            "und nur nicht wissen, wie.",
        ),
    ],
    "Schreiben": [
        (
            "Schreib, wie du sprichst – nur aufgeräumter",
            "Der häufigste Rat, den ich in Schreibworkshops gebe: Schreib so, wie "
            "du einer klugen Freundin etwas erklären würdest. Kurze Sätze. Aktive "
            "Verben. Keine Wörter, die du beim Sprechen nie benutzen würdest.\n\n"
            "Das heißt nicht, dass du deine Gedanken ungeordnet aufs Papier kippst. "
            "Gesprochene Sprache springt, wiederholt sich und verliert den Faden. "
            "Beim Überarbeiten räumst du auf: Du streichst Umwege, stellst das "
            "Wichtigste nach vorn und lässt den Rest weg. Was bleibt, klingt nach "
            "dir, nur konzentrierter.",
        ),
        (
            "Der erste Satz öffnet die Tür",
            "Der erste Satz hat nur eine Aufgabe: Er soll dafür sorgen, dass der "
            "zweite gelesen wird. Er muss nicht alles erklären. Er darf irritieren, "
            "eine Frage stellen oder mitten in einer Szene beginnen.\n\n"
            "Ein Trick, der fast immer funktioniert: Schreib deinen Text fertig und "
            "streich dann den ersten Absatz. Oft ist er nur Anlauf, ein Räuspern "
            "vor dem eigentlichen Gedanken. Der zweite Absatz ist dann der "
            "bessere Anfang.",
        ),
        (
            "Fünf Fragen vor dem Schreiben",
            "Bevor du losschreibst, nimm dir fünf Minuten für diese Fragen: Für "
            "wen schreibe ich? Was weiß diese Person schon? Was soll sie nach dem "
            "Lesen denken, fühlen oder tun? Was ist der eine Satz, der hängen "
            "bleiben soll? Und was lasse ich bewusst weg?\n\n"
            "Die letzte Frage ist die schwierigste. Wir wollen zeigen, wie viel "
            "wir wissen, und packen alles hinein. Ein guter Text ist aber wie ein "
            "gut gepackter Koffer: Es ist nicht alles drin, sondern das Richtige.",
        ),
        (
            "Überschriften, die halten, was sie versprechen",
            "Eine Überschrift ist ein Versprechen. Je neugieriger sie macht, desto "
            "mehr musst du danach einlösen. Klickköder funktionieren genau einmal; "
            "danach misstraut man dir.\n\n"
            "Gute Überschriften sind konkret. „Tipps fürs Schreiben“ ist "
            "austauschbar, „Drei Übungen für Tage, an denen dir nichts einfällt“ "
            "nicht. Zahlen, Zeitangaben und ein klarer Nutzen helfen. Und wenn du "
            "unsicher bist: Schreib zehn Varianten. Die siebte ist meistens die "
            "beste.",
        ),
        (
            "Wenn nichts kommt: drei Übungen",
            "Es gibt Tage, an denen das leere Dokument zurückstarrt. An solchen "
            "Tagen hilft es nicht, auf die Muse zu warten. Es hilft, die Latte "
            "niedriger zu legen.\n\n"
            "Erstens: Schreib zehn Minuten ohne abzusetzen, egal was. Zweitens: "
            "Beschreibe einen Gegenstand auf deinem Schreibtisch so genau, dass "
            "jemand ihn zeichnen könnte. Drittens: Schreib eine E-Mail an eine "
            "Kundin, in der du ihr das Thema deines Artikels erklärst – und "
            "schick sie nicht ab. Meistens steckt in dieser E-Mail schon dein "
            "Text.",
        ),
        (
            "Überarbeiten ist Schreiben",
            "Der erste Entwurf darf schlecht sein. Wirklich. Er ist das Rohmaterial, "
            "aus dem du später den Text formst. Wer beim ersten Entwurf schon "
            "perfekt sein will, kommt selten über die erste Seite hinaus.\n\n"
            "Lass den Entwurf mindestens eine Nacht liegen. Dann lies ihn laut. "
            "Überall, wo du stolperst, stolpern auch deine Leserinnen. Streich "
            "jedes „eigentlich“, jedes „irgendwie“ und jedes „sehr“. Du wirst "
            "staunen, wie viel klarer der Text dadurch wird.",
        ),
    ],
    "Strategie": [
        (
            "Ein Plan, der dich nicht einengt",
            "Redaktionspläne haben einen schlechten Ruf: zu starr, zu viel "
            "Verwaltung, nach drei Wochen verwaist. Dabei brauchst du gar keinen "
            "ausgefeilten Plan. Es reicht eine Liste mit zwölf Themen, die deine "
            "Kundinnen wirklich beschäftigen, und ein fester Rhythmus, den du auch "
            "in vollen Wochen schaffst.\n\n"
            "Lieber ein Artikel im Monat, der erscheint, als einer pro Woche, der "
            "nur im Kalender steht. Regelmäßigkeit schlägt Menge, und zwar jedes "
            "Mal.",
        ),
        (
            "Ein Thema, viele Formate",
            "Aus einem gründlichen Blogartikel kannst du leicht fünf weitere "
            "Inhalte machen: einen Newsletter, zwei kurze Beiträge für soziale "
            "Netzwerke, eine Folie für deinen nächsten Vortrag und eine Antwort "
            "auf eine häufige Kundenfrage.\n\n"
            "Das ist keine Faulheit, sondern Respekt vor deiner Zeit. Nicht jede "
            "Leserin sieht alles, was du veröffentlichst. Wiederholung ist kein "
            "Makel, sie ist die Voraussetzung dafür, dass eine Botschaft ankommt.",
        ),
        (
            "Deine Liste gehört dir",
            "Plattformen ändern ihre Regeln, wann sie wollen. Heute erreichst du "
            "mit einem Beitrag tausend Menschen, morgen nur noch hundert, und "
            "niemand erklärt dir, warum. Eine E-Mail-Liste dagegen gehört dir. "
            "Wer sich einträgt, hat ausdrücklich Ja gesagt.\n\n"
            "Deshalb lohnt es sich, jeden Kanal als Zubringer zu deinem Newsletter "
            "zu sehen. Nicht aufdringlich, sondern mit einem guten Grund: Was "
            "bekommen Menschen dort, was sie sonst nirgends finden?",
        ),
        (
            "Positionierung heißt, Nein zu sagen",
            "Die Angst vor der Nische ist verständlich: Wenn ich mich festlege, "
            "verliere ich dann nicht all die anderen Aufträge? Die Erfahrung zeigt "
            "meistens das Gegenteil. Wer für etwas Bestimmtes bekannt ist, wird "
            "empfohlen. Wer alles anbietet, wird verglichen – meistens über den "
            "Preis.\n\n"
            "Positionierung ist kein Käfig. Du kannst sie später erweitern. Aber "
            "am Anfang hilft dir ein enger Fokus, überhaupt wahrgenommen zu werden.",
        ),
        (
            "Zahlen, die zählen",
            "Seitenaufrufe fühlen sich gut an, sagen aber wenig. Wichtiger sind "
            "Zahlen, die näher am Geschäft liegen: Wie viele Menschen tragen sich "
            "in deinen Newsletter ein? Wie viele Anfragen beziehen sich auf einen "
            "Artikel? Welche Beiträge lesen Menschen bis zum Ende?\n\n"
            "Schau dir deine Zahlen einmal im Monat an, nicht jeden Tag. Tägliche "
            "Schwankungen machen nervös und verleiten zu hektischen Änderungen. "
            "Der Monatsblick zeigt dir Muster, auf die du bauen kannst.",
        ),
        (
            "Langfristig denken, heute handeln",
            "Guter Content ist wie ein Obstgarten: Im ersten Jahr erntest du wenig, "
            "im dritten Jahr mehr, als du essen kannst. Viele geben nach sechs "
            "Monaten auf, genau dann, wenn die ersten Bäume Früchte tragen.\n\n"
            "Setz dir deshalb Ziele, die du selbst in der Hand hast: zwölf "
            "Artikel in diesem Jahr, jeder davon so gut, wie du ihn schreiben "
            "kannst. Reichweite ist die Folge, nicht das Ziel.",
        ),
    ],
    "Events": [
        (
            "Moderieren heißt zuhören",
            "Die beste Moderation merkt man kaum. Sie sorgt dafür, dass die "
            "richtigen Menschen zur richtigen Zeit sprechen, dass niemand den Faden "
            "verliert und dass das Publikum das Gefühl hat, dabei zu sein, nicht "
            "nur zuzuschauen.\n\n"
            "Dafür musst du vor allem zuhören. Nicht auf deine nächste Frage "
            "warten, sondern wirklich hören, was gerade gesagt wird. Die spannendste "
            "Frage ist oft die, die auf keiner Karte steht.",
        ),
        (
            "Vorbereitung ist die halbe Bühne",
            "Vor jedem Panel spreche ich mit allen Beteiligten einzeln, meistens "
            "zwanzig Minuten am Telefon. Ich frage nicht nach ihrem Lebenslauf, "
            "sondern danach, wofür sie brennen und worüber sie auf keinen Fall "
            "reden wollen.\n\n"
            "Daraus entsteht ein roter Faden, den ich auf eine Karteikarte "
            "schreibe. Mehr brauche ich auf der Bühne nicht. Wer zu viel "
            "vorbereitet, klebt am Skript; wer zu wenig vorbereitet, verliert "
            "die Führung.",
        ),
        (
            "Lampenfieber ist Energie",
            "Seit fünfzehn Jahren stehe ich auf Bühnen, und ich bin vor jedem "
            "Auftritt nervös. Ich habe aufgehört, dagegen anzukämpfen. Lampenfieber "
            "ist Energie, die noch keine Richtung hat.\n\n"
            "Was mir hilft: die ersten drei Sätze auswendig können, einen festen "
            "Punkt im Raum suchen und langsam ausatmen, bevor ich anfange. Nach "
            "zwei Minuten ist die Aufregung meistens verflogen, und übrig bleibt "
            "Wachheit.",
        ),
        (
            "Netzwerken ohne Verkaufsgespräch",
            "Auf Konferenzen fühlen sich viele wie auf einem Markt: Visitenkarten "
            "tauschen, Pitch aufsagen, weiter. Es geht entspannter. Stell Fragen, "
            "die dich wirklich interessieren, und erzähl von dir, wenn du gefragt "
            "wirst.\n\n"
            "Die besten Kontakte meiner Selbstständigkeit sind in Kaffeepausen "
            "entstanden, in denen niemand etwas verkaufen wollte. Eine gute "
            "Frage ist mehr wert als jede Visitenkarte.",
        ),
        (
            "Alle mitnehmen, auch vor dem Bildschirm",
            "Bei hybriden Veranstaltungen werden die Menschen vor dem Bildschirm "
            "schnell zu Zaungästen. Dagegen hilft ein einfaches Prinzip: Behandle "
            "sie wie eine eigene Reihe im Saal. Sprich sie direkt an, nimm ihre "
            "Fragen zuerst dran und sorge dafür, dass sie alles hören.\n\n"
            "Eine Person, die sich nur um das Online-Publikum kümmert, macht den "
            "Unterschied zwischen einer Übertragung und einer Veranstaltung.",
        ),
        (
            "Nach dem Event ist vor dem Inhalt",
            "Eine Veranstaltung endet nicht, wenn das Licht ausgeht. Aus jedem "
            "Workshop entstehen Fragen, Zitate und Erkenntnisse, die es verdienen, "
            "weiterzuleben: als Blogartikel, als Newsletter, als Fotostrecke.\n\n"
            "Ich notiere mir noch am selben Abend die drei Momente, die mich am "
            "meisten bewegt haben. Daraus wird fast immer ein Text, der Menschen "
            "erreicht, die nicht dabei sein konnten.",
        ),
    ],
    "Allgemein": [
        (
            "Was gerade auf meinem Schreibtisch liegt",
            "Im Moment arbeite ich an drei Dingen gleichzeitig, was ich eigentlich "
            "niemandem empfehle: einem Buchmanuskript, einem Workshop-Konzept für "
            "den Herbst und diesem Blog, der gerade ein neues Zuhause bekommen hat.\n\n"
            "Dass das funktioniert, liegt an festen Zeiten. Vormittags schreibe ich, "
            "nachmittags berate ich, und freitags räume ich auf. Nicht immer klappt "
            "das, aber immer öfter.",
        ),
        (
            "Ohne Cookies, ohne Tracking",
            "Dieser Blog setzt keine Cookies, lädt nichts von fremden Servern und "
            "zählt Besuche nur als schlichte Zahl pro Tag und Beitrag. Ich weiß "
            "nicht, wer du bist, und ich will es auch nicht wissen, solange du es "
            "mir nicht selbst erzählst.\n\n"
            "Videos und andere eingebettete Inhalte lädst du erst, wenn du darauf "
            "klickst. Vorher erfährt der Anbieter nichts von deinem Besuch. Das "
            "ist ein kleiner Klick mehr für dich und ein großes Stück Ruhe für uns "
            "beide.",
        ),
        (
            "Bücher, die mich geprägt haben",
            "Es gibt Bücher, die ich alle paar Jahre wieder lese, weil ich jedes "
            "Mal etwas Neues darin finde. Meistens sind es keine Marketingbücher im "
            "engeren Sinn, sondern Bücher über Sprache, über Aufmerksamkeit und "
            "darüber, wie Menschen Entscheidungen treffen.\n\n"
            "Mein Tipp: Lies nicht nur in deinem Fachgebiet. Die besten Ideen für "
            "dein Marketing findest du oft in Romanen, Reportagen und Biografien.",
        ),
        (
            "Ein ehrlicher Blick zurück",
            "Als ich mich selbstständig gemacht habe, hatte ich einen Kunden, eine "
            "halbfertige Website und sehr viel Zuversicht. Die Zuversicht hat mir "
            "durch das erste Jahr geholfen, der Kunde leider nicht: Er ist nach "
            "drei Monaten abgesprungen.\n\n"
            "Was mich gerettet hat, war der Blog. Jeder Artikel hat neue Menschen "
            "auf mich aufmerksam gemacht, und irgendwann kamen die Anfragen von "
            "selbst. Nicht plötzlich, sondern langsam und dann immer regelmäßiger.",
        ),
        (
            "Pausen gehören zum Geschäft",
            "Lange habe ich geglaubt, Selbstständige könnten sich keinen Urlaub "
            "leisten. Inzwischen weiß ich: Ich kann mir keinen Verzicht auf Urlaub "
            "leisten. Die besten Ideen kommen mir, wenn ich nicht am Schreibtisch "
            "sitze.\n\n"
            "Damit das Geschäft weiterläuft, plane ich Inhalte vor, sage Kundinnen "
            "früh Bescheid und richte eine freundliche Abwesenheitsnotiz ein. Die "
            "Welt dreht sich weiter, und ich komme mit frischem Kopf zurück.",
        ),
        (
            "Danke fürs Mitlesen",
            "Manchmal bekomme ich E-Mails von Menschen, die schreiben, dass ein "
            "Artikel ihnen Mut gemacht hat. Diese E-Mails hebe ich alle auf. Sie "
            "sind der Grund, warum ich weiterschreibe, auch in Wochen, in denen "
            "die Zeit knapp ist.\n\n"
            "Wenn dir ein Beitrag geholfen hat, erzähl es mir gern. Und wenn du "
            "anderer Meinung bist, noch lieber: Davon lerne ich am meisten.",
        ),
    ],
}

CLOSINGS = [
    "Fang klein an, aber fang an. Der perfekte Zeitpunkt kommt nicht; der "
    "richtige ist meistens heute. Ich bin gespannt, was du daraus machst.",
    "Du musst nicht alles auf einmal umsetzen. Nimm dir den einen Gedanken, der "
    "dich am meisten angesprochen hat, und probier ihn diese Woche aus.",
    "Wenn du magst, erzähl mir, wie es dir damit geht. Ich lese jede Antwort "
    "und lerne selbst jedes Mal etwas dazu.",
    "Und jetzt: Tee kochen, Dokument öffnen, loslegen. Du kannst das.",
]

# (title, category, tags, opening)
POSTS = [
    (
        "Ausgebucht ohne Akquise: Wie Sichtbarkeit für dich arbeitet",
        "Selbstmarketing",
        ["Sichtbarkeit", "Akquise", "Blog"],
        "Du willst ausgebucht sein, ohne ständig hinter Aufträgen herzulaufen? "
        "Dann geht es dir wie den meisten Selbstständigen, die ich berate. Die gute "
        "Nachricht: Es gibt einen Weg, bei dem Kundinnen dich finden statt "
        "umgekehrt. Er ist nicht schnell, aber er ist verlässlich.",
    ),
    (
        "Warum dein Angebot in einen Satz passen muss",
        "Selbstmarketing",
        ["Positionierung", "Angebot"],
        "Wenn du dein Angebot nicht in einem Satz erklären kannst, können es deine "
        "Kundinnen auch nicht weitererzählen. Und Weitererzählen ist das beste "
        "Marketing, das es gibt.",
    ),
    (
        "Kaltakquise war gestern: Lass Kundinnen zu dir kommen",
        "Selbstmarketing",
        ["Akquise", "Content-Marketing", "Sichtbarkeit"],
        "Kaum etwas fürchten Selbstständige so sehr wie den Anruf bei Fremden. "
        "Ich habe eine gute Nachricht: Du brauchst ihn nicht.",
    ),
    (
        "Über-mich-Seiten, die wirklich gelesen werden",
        "Selbstmarketing",
        ["Website", "Texten"],
        "Die Über-mich-Seite ist oft die zweitwichtigste Seite deiner Website – "
        "und die, an der am längsten herumformuliert wird. Hier ist, worauf es "
        "wirklich ankommt.",
    ),
    (
        "Preise nennen ohne Bauchschmerzen",
        "Selbstmarketing",
        ["Preise", "Angebot"],
        "Kennst du das flaue Gefühl, kurz bevor du deinen Preis aussprichst? Du "
        "bist damit nicht allein. Und du kannst es loswerden.",
    ),
    (
        "Empfehlungen sind kein Zufall",
        "Selbstmarketing",
        ["Empfehlungen", "Akquise"],
        "Die Hälfte meiner Aufträge kommt über Empfehlungen. Das ist kein Glück, "
        "sondern das Ergebnis von ein paar einfachen Gewohnheiten.",
    ),
    (
        "Schreiben, wie du sprichst – nur besser",
        "Schreiben",
        ["Texten", "Stil"],
        "Viele Texte klingen, als hätte sie ein Amt geschrieben. Dabei schreiben "
        "dort Menschen, die im Gespräch wunderbar klar und lebendig sind.",
    ),
    (
        "Der erste Satz: Türöffner für jeden Text",
        "Schreiben",
        ["Texten", "Einstieg"],
        "Über keinen Satz grübeln wir so lange wie über den ersten. Dabei muss er "
        "gar nicht perfekt sein. Er muss nur neugierig machen.",
    ),
    (
        "Fünf Fragen, bevor du einen Blogartikel schreibst",
        "Schreiben",
        ["Blog", "Planung", "Texten"],
        "Die meisten Blogartikel scheitern nicht am Schreiben, sondern davor. "
        "Fünf Fragen helfen dir, mit Klarheit loszulegen.",
    ),
    (
        "Überschriften, die neugierig machen (ohne Klickköder)",
        "Schreiben",
        ["Überschriften", "Texten"],
        "Achtzig Prozent lesen nur die Überschrift. Grund genug, ihr mehr als "
        "dreißig Sekunden zu widmen.",
    ),
    (
        "Schreibblockade? Drei Übungen für müde Tage",
        "Schreiben",
        ["Schreibblockade", "Übungen"],
        "Manche Tage sind zäh. Der Kaffee wirkt nicht, das Dokument bleibt leer. "
        "Für solche Tage habe ich drei Übungen, die mich verlässlich ins Schreiben "
        "bringen.",
    ),
    (
        "Vom Notizbuch zum Buch: Mein Weg zur Autorin",
        "Schreiben",
        ["Buch", "Autorin"],
        "Mein erstes Buch begann als Stapel Notizbücher. Hier erzähle ich, wie "
        "daraus ein Manuskript wurde – und was ich heute anders machen würde.",
    ),
    (
        "Content-Plan für Menschen, die keine Pläne mögen",
        "Strategie",
        ["Planung", "Content-Marketing"],
        "Wenn du bei „Redaktionsplan“ innerlich seufzt, ist dieser Artikel für "
        "dich. Es geht auch ohne Tabellen mit zwanzig Spalten.",
    ),
    (
        "Ein Thema, viele Formate: Inhalte klug wiederverwenden",
        "Strategie",
        ["Content-Marketing", "Wiederverwertung"],
        "Du musst nicht jeden Tag etwas Neues erfinden. Aus einem guten Gedanken "
        "lassen sich viele Inhalte machen.",
    ),
    (
        "Newsletter statt Algorithmus: Warum deine Liste dir gehört",
        "Strategie",
        ["Newsletter", "Sichtbarkeit"],
        "Soziale Netzwerke sind gemietetes Land. Dein Newsletter ist dein eigener "
        "Garten. Warum das den Unterschied macht.",
    ),
    (
        "Positionierung: Mut zur Lücke",
        "Strategie",
        ["Positionierung", "Nische"],
        "„Ich kann doch so viel!“ Ja, das glaube ich dir. Genau deshalb solltest du "
        "dich entscheiden.",
    ),
    (
        "Zahlen, die zählen – und welche du ignorieren darfst",
        "Strategie",
        ["Kennzahlen", "Planung"],
        "Du musst kein Zahlenmensch sein, um dein Marketing zu steuern. Ein paar "
        "wenige Werte reichen, wenn es die richtigen sind.",
    ),
    (
        "Langfristig sichtbar: Der Obstgarten-Ansatz",
        "Strategie",
        ["Sichtbarkeit", "Geduld", "Blog"],
        "Content-Marketing ist ein Langstreckenlauf. Wer das weiß, läuft entspannter "
        "und kommt weiter.",
    ),
    (
        "Moderieren heißt zuhören",
        "Events",
        ["Moderation", "Bühne"],
        "Wenn Menschen mich fragen, was eine gute Moderatorin ausmacht, sage ich: "
        "gute Ohren. Alles andere kann man lernen.",
    ),
    (
        "So bereitest du dich auf dein erstes Panel vor",
        "Events",
        ["Moderation", "Vorbereitung"],
        "Du bist zum ersten Mal auf einem Podium eingeladen? Glückwunsch! Mit "
        "dieser Vorbereitung gehst du gelassen auf die Bühne.",
    ),
    (
        "Workshop-Rückblick: Sichtbar im Mittelstand",
        "Events",
        ["Workshop", "Rückblick", "Sichtbarkeit"],
        "Zwei Tage, zwanzig Menschen aus Handwerk und Mittelstand und unendlich "
        "viele Flipchart-Bögen: ein Rückblick in Bildern.",
    ),
    (
        "Lampenfieber? Gut so!",
        "Events",
        ["Bühne", "Lampenfieber"],
        "Zittrige Hände, trockener Mund, Herzklopfen: Lampenfieber fühlt sich "
        "furchtbar an. Dabei ist es dein Verbündeter.",
    ),
    (
        "Netzwerken auf Konferenzen, ohne dich zu verbiegen",
        "Events",
        ["Netzwerken", "Konferenz"],
        "Smalltalk ist nicht dein Ding? Meins auch nicht. Trotzdem komme ich von "
        "jeder Konferenz mit neuen Kontakten zurück.",
    ),
    (
        "Hybride Events, die niemanden vergessen",
        "Events",
        ["Hybrid", "Moderation"],
        "Seit einigen Jahren moderiere ich regelmäßig Veranstaltungen, die im Saal "
        "und im Netz zugleich stattfinden. Das ist anspruchsvoll und lohnt sich.",
    ),
    (
        "Grüße aus der Schreibwerkstatt: Was gerade entsteht",
        "Allgemein",
        ["Buch", "Werkstatt"],
        "Heute gibt es keinen Ratgeber, sondern einen Blick über meine Schulter: "
        "woran ich gerade arbeite und worauf du dich freuen kannst.",
    ),
    (
        "Warum ich diesen Blog ohne Cookies betreibe",
        "Allgemein",
        ["Datenschutz", "Blog"],
        "Vielleicht ist es dir aufgefallen: Hier gibt es kein Cookie-Banner. Das "
        "ist kein Versehen, sondern eine Entscheidung.",
    ),
    (
        "Markdown-Spickzettel: Alles, was dieser Blog kann",
        "Allgemein",
        ["Markdown", "Blog", "Werkstatt"],
        "Dieser Beitrag zeigt alles, was ein Text hier enthalten kann: "
        "Überschriften auf allen Ebenen, Listen, Zitate, Tabellen, Code und ein "
        "Video, das erst nach deinem Klick lädt.",
    ),
    (
        "Meine liebsten Bücher über Marketing und Schreiben",
        "Allgemein",
        ["Bücher", "Empfehlungen"],
        "Immer wieder werde ich nach Buchtipps gefragt. Hier ist meine Liste, "
        "ehrlich und ohne Provisionslinks.",
    ),
    (
        "Fünf Jahre selbstständig: Ein ehrlicher Blick zurück",
        "Allgemein",
        ["Selbstständigkeit", "Rückblick"],
        "Fünf Jahre, drei Büros, ein Buch und unzählige Tassen Tee. Zeit für eine "
        "ehrliche Bilanz: Was hat funktioniert, was nicht?",
    ),
    (
        "Sommerpause: Urlaub machen, ohne dass das Geschäft stillsteht",
        "Allgemein",
        ["Selbstständigkeit", "Pause"],
        "Drei Wochen offline, und das Geschäft läuft trotzdem? Das geht. Hier ist, "
        "wie ich es mache.",
    ),
]

DRAFT_POST = (
    "Entwurf: Zehn Ideen für deinen nächsten Newsletter",
    "Strategie",
    ["Newsletter", "Ideen"],
    "Dieser Beitrag ist noch nicht fertig. Nur angemeldete Redakteurinnen sehen "
    "ihn, mit einem deutlichen Hinweis oben.",
)

SCHEDULED_POST = (
    "Demnächst: Schreiben mit Struktur",
    "Schreiben",
    ["Texten", "Struktur"],
    "Dieser Beitrag ist geplant und erscheint in einer Woche von selbst, ohne "
    "dass jemand etwas tun muss.",
)

MARKDOWN_SHOWCASE = """
## Überschrift der zweiten Ebene

Ein Absatz mit **fetter** und *kursiver* Schrift, einem [Link zur
Blog-Übersicht](/blog/) und `etwas Code` mitten im Satz.

### Überschrift der dritten Ebene

#### Überschrift der vierten Ebene

##### Überschrift der fünften Ebene

###### Überschrift der sechsten Ebene

## Listen

Eine Aufzählung:

- Klarheit vor Kreativität
- Regelmäßigkeit vor Menge
  - auch verschachtelt
  - auf mehreren Ebenen
- Haltung vor Reichweite

Eine nummerierte Liste:

1. Thema wählen
2. Leserin vor Augen haben
3. Schreiben, liegen lassen, überarbeiten

## Zitate

> Gute Texte entstehen beim Überarbeiten.
> Der erste Entwurf ist nur der Anfang.

> Ein Zitat mit mehreren Absätzen.
>
> Auch das geht.

## Tabellen und Code

| Format     | Aufwand | Wirkung   |
|------------|---------|-----------|
| Blogartikel| hoch    | langfristig |
| Newsletter | mittel  | direkt    |
| Post       | gering  | kurzlebig |

```
Ein Codeblock bleibt, wie er ist.
    Auch mit Einrückung.
```

## Eingebettetes Video

Das Video unten lädt erst, wenn du auf den Knopf klickst. Vorher erfährt der
Anbieter nichts von deinem Besuch.

https://vimeo.com/76979871

---

Und zum Schluss eine Trennlinie darüber.
"""
