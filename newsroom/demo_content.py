"""Demo stories for the reference site, written fresh for this project.

Every name, quote and event here is invented. The stories exercise every part
of the article page: nested sections, quotes with roles and sources, inline
photos, "Read more" lists mixing internal and external links, an embed,
names with diacritics, several bylines and tags.
"""

PHOTOS = [
    {
        "key": "radar",
        "title": "Coastal radar mast at dawn",
        "credit": "Meridian Press Agency",
        "caption": "A coastal radar mast stands over the Gulf of İzmit at dawn, in a handout "
        "picture distributed by the Coast Guard Command on 12 November.",
        "alt": "A lattice mast topped by a wide radar antenna on a dark headland, the sun low "
        "over the sea behind it.",
        "scene": "coast",
        "colours": ((28, 44, 88), (231, 129, 60)),
    },
    {
        "key": "minister",
        "title": "Defence committee hearing",
        "credit": "Deniz Aydın/Newsroom",
        "caption": "Committee members listen to testimony in Ankara.",
        "alt": "Committee members in high-backed chairs behind a long table with name cards and "
        "microphones, some seats empty, tall windows behind.",
        "scene": "hearing",
        "colours": ((52, 60, 72), (170, 180, 190)),
    },
    {
        "key": "barrier",
        "title": "Flood barrier gates",
        "credit": "Harbour Authority handout",
        "caption": "The barrier's steel gates close for a test run.",
        "alt": "Two curved steel gates rising from grey water between three concrete piers, "
        "under a cloudy sky.",
        "scene": "barrier",
        "colours": ((60, 90, 110), (200, 215, 220)),
    },
    {
        "key": "stadium",
        "title": "Floodlit stadium",
        "credit": "Selin Öztürk/Meridian",
        "caption": "Supporters fill the north stand before kick-off.",
        "alt": "A football stadium at night: a packed stand under two floodlights, the striped "
        "pitch and its white lines in front.",
        "scene": "stadium",
        "colours": ((10, 60, 30), (240, 240, 210)),
    },
    {
        "key": "ferry",
        "title": "Ferry on the Bosphorus",
        "credit": "Meridian Press Agency",
        "caption": "A commuter ferry crosses the strait in morning light.",
        "alt": "A white ferry on blue water, small boats nearby, domes and minarets on the "
        "skyline behind it.",
        "scene": "harbour",
        "colours": ((40, 110, 170), (250, 250, 245)),
    },
    {
        "key": "portrait",
        "title": "Reporter portrait",
        "credit": "Newsroom",
        "caption": "",
        "alt": "A head-and-shoulders silhouette on a plain light backdrop.",
        "scene": "portrait",
        "colours": ((120, 90, 80), (230, 210, 190)),
    },
]

AUTHORS = [
    {
        "slug": "elif-yildirim",
        "name": "Elif Yıldırım",
        "kind": "staff",
        "role": "Diplomatic correspondent",
        "bio": "Elif covers defence and foreign policy from Ankara.",
        "photo": "portrait",
        # Her own accounts: linked rel="me" from her page, sameAs in the JSON-LD.
        "social_accounts": [
            {"network": "x", "handle": "@elifyildirim", "url": "https://x.com/elifyildirim"},
            {
                "network": "mastodon",
                "handle": "@elif@journa.example.social",
                "url": "https://journa.example.social/@elif",
            },
        ],
    },
    {
        "slug": "jonas-berg",
        "name": "Jonas Berg",
        "kind": "staff",
        "role": "Europe editor",
        "bio": "Jonas edits the Europe desk.",
    },
    {
        "slug": "meridian-press-agency",
        "name": "Meridian Press Agency",
        "kind": "agency",
        "role": "",
        "bio": "A wire service (invented for this demo).",
        "url": "https://meridian.example.org/",
    },
]

SECTIONS = [
    {
        "slug": "news",
        "title": "News",
        "parent": None,
        "description": "Reporting from our correspondents and the wires.",
    },
    {
        "slug": "turkey",
        "title": "Turkey",
        "parent": "news",
        "description": "Politics, defence and society in Türkiye.",
    },
    {"slug": "world", "title": "World", "parent": "news", "description": "International news."},
    {
        "slug": "sport",
        "title": "Sport",
        "parent": None,
        "description": "Football and everything else.",
    },
]

STORIES = [
    {
        "slug": "ankara-confirms-first-coastal-radar-delivery",
        "section": "turkey",
        "title": "Ankara confirms first delivery of coastal radar system",
        "summary": "The first of six long-range coastal radar units has arrived in İzmit, "
        "two weeks ahead of schedule, the defence ministry said on Tuesday.",
        "dateline": "ANKARA",
        "lead_photo": "radar",
        "lead_caption": "This handout picture obtained from the Coast Guard Command on "
        "12 November shows the new radar mast on the Gulf of İzmit.",
        "bylines": ["elif-yildirim", "meridian-press-agency"],
        "tags": ["Defence", "Türkiye", "Radar"],
        "hours_ago": 3,
        "body": [
            (
                "paragraph",
                "<p>The first of six long-range coastal radar units has arrived "
                "at a naval base in İzmit, officials said, two weeks earlier than the "
                "timetable announced in the spring.</p>",
            ),
            (
                "quote",
                {
                    "text": "The system is in place and our crews have started their training. "
                    "We expect it to be fully operational before the summer.",
                    "speaker": "Göksu Işıklar",
                    "role": "Deputy Defence Minister",
                    "source_name": "Anatolian Morning",
                    "source_url": "https://morning.example.org/radar",
                    "pull_quote": False,
                },
            ),
            (
                "paragraph",
                "<p>Işıklar said the remaining five units would follow at "
                "two-month intervals. The ministry did not disclose the contract's value.</p>",
            ),
            (
                "inline_photo",
                {
                    "photo": "minister",
                    "caption": "Göksu Işıklar (seen here) briefed the parliamentary "
                    "defence committee on Monday.",
                    "credit": "",
                    "alt_text": "",
                },
            ),
            (
                "related_links",
                {
                    "title": "Read more",
                    "links": [
                        {"page": "harbour-city-opens-flood-barrier", "url": "", "title": ""},
                        {
                            "page": None,
                            "url": "https://www.example.org/coastal-radar-explainer",
                            "title": "Explainer: how coastal radar works",
                        },
                    ],
                },
            ),
            ("heading", "What the radar can do"),
            (
                "paragraph",
                "<p>The radar can track surface vessels at distances of up to "
                "<b>200 kilometres</b> and hand targets over to shore batteries, according to "
                "the manufacturer's published specifications.</p>",
            ),
            (
                "quote",
                {
                    "text": "Coastal surveillance is about seeing early, not shooting first.",
                    "speaker": "Çağrı Öztürk",
                    "role": "Analyst at the Bosphorus Security Forum",
                    "source_name": "",
                    "source_url": "",
                    "pull_quote": True,
                },
            ),
            ("embed", "https://www.youtube.com/watch?v=demo-radar-briefing"),
            (
                "paragraph",
                "<p>Foreign Minister Mevlüt Çavuşoğlu is due to discuss regional "
                "security with his counterparts in Brussels next week.</p>",
            ),
        ],
    },
    {
        "slug": "harbour-city-opens-flood-barrier",
        "section": "world",
        "kicker": "live",
        "title": "Harbour city opens flood barrier after decade of work",
        "summary": "A 900-metre storm-surge barrier closed its gates for the first time on "
        "Sunday, protecting 40,000 homes from winter floods.",
        "dateline": "ROTTERDAM",
        "lead_photo": "barrier",
        "lead_caption": "The barrier's gates close during Sunday's first full test.",
        "bylines": ["jonas-berg"],
        "tags": ["Climate", "Infrastructure"],
        "hours_ago": 26,
        "body": [
            (
                "paragraph",
                "<p>The storm-surge barrier, ten years in the making, closed its "
                "two steel gates for the first time on Sunday as engineers ran a full test.</p>",
            ),
            (
                "quote",
                {
                    "text": "We built this for the storms of 2080, not the storms of today.",
                    "speaker": "Marieke de Vries",
                    "role": "Chief engineer of the harbour authority",
                    "source_name": "",
                    "source_url": "",
                    "pull_quote": False,
                },
            ),
            (
                "inline_photo",
                {
                    "photo": "ferry",
                    "caption": "Shipping resumed within the hour.",
                    "credit": "",
                    "alt_text": "",
                },
            ),
            (
                "related_links",
                {
                    "title": "Read more",
                    "links": [
                        {
                            "page": "ankara-confirms-first-coastal-radar-delivery",
                            "url": "",
                            "title": "",
                        },
                        {
                            "page": None,
                            "url": "https://www.example.org/sea-level-report",
                            "title": "Sea-level report",
                        },
                    ],
                },
            ),
            ("paragraph", "<p>The city council said the project came in 4% under budget.</p>"),
        ],
        "related_links": [
            {"page": "ankara-confirms-first-coastal-radar-delivery", "url": "", "title": ""},
            {
                "page": None,
                "url": "https://www.example.org/flood-maps",
                "title": "Interactive flood maps",
            },
        ],
    },
    {
        "slug": "istanbul-club-names-new-coach",
        "section": "sport",
        "title": "Istanbul club names new coach days before derby",
        "summary": "Former midfielder Barış Şahin takes charge with the city derby five days "
        "away and his side third in the table.",
        "dateline": "ISTANBUL",
        "lead_photo": "stadium",
        "lead_caption": "Supporters at the club's last home match.",
        "bylines": ["meridian-press-agency"],
        "tags": ["Football", "Türkiye"],
        "hours_ago": 50,
        # Corrected after publication, as an editor corrects: a dated note at the bottom.
        "correction": {
            "hours_ago": 30,
            "text": "An earlier version of this story said Barış Şahin signed a three-year "
            "contract. It is a two-year contract.",
        },
        "body": [
            (
                "paragraph",
                "<p>Barış Şahin, who captained the club for six seasons, signed a "
                "two-year contract on Thursday.</p>",
            ),
            (
                "quote",
                {
                    "text": "I know this dressing room. We will be ready on Sunday.",
                    "speaker": "Barış Şahin",
                    "role": "Head coach",
                    "source_name": "Kadıköy Daily",
                    "source_url": "",
                    "pull_quote": False,
                },
            ),
            (
                "inline_photo",
                {
                    "photo": "ferry",
                    "caption": "Fans travel to the ground by ferry.",
                    "credit": "Club media",
                    "alt_text": "",
                },
            ),
            (
                "related_links",
                {
                    "title": "Read more",
                    "links": [
                        {
                            "page": "ankara-confirms-first-coastal-radar-delivery",
                            "url": "",
                            "title": "Also today: radar delivery",
                        },
                        {
                            "page": None,
                            "url": "https://www.example.org/league-table",
                            "title": "League table",
                        },
                    ],
                },
            ),
            ("heading", "A short first week"),
            ("paragraph", "<p>Şahin will hold his first training session on Friday morning.</p>"),
            ("embed", "https://vimeo.com/000000000"),
        ],
    },
    {
        "slug": "ferry-timetable-changes-for-winter",
        "section": "turkey",
        "title": "Ferry timetable changes for winter",
        "summary": "Morning crossings between Kadıköy and Karaköy run every ten minutes from "
        "Monday.",
        "dateline": "ISTANBUL",
        "lead_photo": "ferry",
        "lead_caption": "",
        "bylines": ["elif-yildirim"],
        "tags": ["Türkiye", "Transport"],
        "hours_ago": 75,
        "body": [
            ("paragraph", "<p>The city's ferry operator will add six morning crossings.</p>"),
            (
                "quote",
                {
                    "text": "Commuters asked, and we listened.",
                    "speaker": "Nilüfer Koç",
                    "role": "Operations director",
                    "source_name": "",
                    "source_url": "",
                    "pull_quote": False,
                },
            ),
        ],
        # Published again later as a substantive update: readers see "Updated" and the note.
        "update": {
            "note": "Adds the evening crossings the operator announced after publication.",
            "body": [
                (
                    "paragraph",
                    "<p>Evening crossings will also run every fifteen minutes between 17:00 "
                    "and 20:00, the operator said in a later statement.</p>",
                ),
            ],
        },
    },
    # Shorter stories, so the front page has rails and a latest list to fill.
    {
        "slug": "committee-calls-officials-over-radar-contract",
        "section": "turkey",
        "title": "Committee calls defence officials over radar contract",
        "summary": "Members want to know why the second and third units cost a fifth more "
        "than the first.",
        "dateline": "ANKARA",
        "lead_photo": "minister",
        "lead_caption": "",
        "bylines": ["elif-yildirim"],
        "tags": ["Defence", "Türkiye"],
        "hours_ago": 9,
        "body": [
            (
                "paragraph",
                "<p>The parliamentary defence committee will hear ministry officials on "
                "Thursday about the price of the coastal radar programme.</p>",
            ),
        ],
    },
    {
        "slug": "port-cities-share-flood-defences",
        "section": "world",
        "title": "Port cities meet to share what their flood defences cost",
        "summary": "Engineers from eleven harbour cities compare barriers, budgets and the "
        "winters they were built for.",
        "dateline": "ROTTERDAM",
        "lead_photo": "barrier",
        "lead_caption": "",
        "bylines": ["jonas-berg"],
        "tags": ["Climate", "Cities"],
        "hours_ago": 14,
        "body": [
            (
                "paragraph",
                "<p>Delegations from eleven port cities met for two days to compare the "
                "barriers they have built and the ones they still need.</p>",
            ),
        ],
    },
    {
        "slug": "istanbul-side-reaches-basketball-semi-finals",
        "section": "sport",
        "title": "Istanbul side reaches the basketball cup semi-finals",
        "summary": "A late three-pointer settled a quarter-final that went to overtime.",
        "dateline": "ISTANBUL",
        "lead_photo": "stadium",
        "lead_caption": "",
        "bylines": ["meridian-press-agency"],
        "tags": ["Basketball"],
        "hours_ago": 6,
        "body": [
            (
                "paragraph",
                "<p>The home side won by two points after overtime and meet the holders "
                "in the semi-finals next week.</p>",
            ),
        ],
    },
    {
        "slug": "womens-league-attendance-record",
        "section": "sport",
        "title": "Women's league sets an attendance record",
        "summary": "More than 31,000 supporters watched the weekend's derby, a record for the "
        "league.",
        "dateline": "IZMIR",
        "lead_photo": "stadium",
        "lead_caption": "",
        "bylines": ["meridian-press-agency"],
        "tags": ["Football"],
        "hours_ago": 20,
        "body": [
            (
                "paragraph",
                "<p>The league said the crowd beat the previous record, set two seasons ago, "
                "by almost nine thousand.</p>",
            ),
        ],
    },
    {
        "slug": "bosphorus-bridge-night-closures",
        "section": "turkey",
        "title": "Bosphorus bridge to close at night for repairs",
        "summary": "Two lanes in each direction close between midnight and 05:00 for three "
        "weeks from Monday.",
        "dateline": "ISTANBUL",
        "lead_photo": "ferry",
        "lead_caption": "",
        "bylines": ["elif-yildirim"],
        "tags": ["Türkiye", "Transport"],
        "hours_ago": 30,
        "body": [
            (
                "paragraph",
                "<p>The highways authority said the works would replace expansion joints "
                "laid in the 1990s.</p>",
            ),
        ],
    },
    # A fact check: readers see the claim and the rating, search engines a ClaimReview.
    {
        "slug": "fact-check-bridge-budget",
        "section": "turkey",
        "story_type": "fact_check",
        "title": "Fact check: did the new bridge cost twice its budget?",
        "summary": "The opposition says the Haliç footbridge cost double what was planned. "
        "The city's accounts show it ran 18 per cent over.",
        "dateline": "ISTANBUL",
        "lead_photo": "ferry",
        "lead_caption": "The Golden Horn, where the footbridge opened in October.",
        "bylines": ["elif-yildirim"],
        "tags": ["Türkiye", "Fact check"],
        "hours_ago": 8,
        "claim": {
            "claim_reviewed": "The new Haliç footbridge cost twice its budget.",
            "claim_author": "Istanbul Civic Alliance",
            "claim_author_is_organization": True,
            "claim_url": "https://civic-alliance.example.org/statements/bridge",
            "claim_rating": 2,
        },
        "body": [
            (
                "paragraph",
                "<p>The city council budgeted 410 million lira for the footbridge in 2024; "
                "its audited accounts put the final cost at 484 million, 18 per cent more.</p>",
            ),
            (
                "quote",
                {
                    "text": "The overrun is real, but it is nowhere near double.",
                    "speaker": "Ayşe Demir",
                    "role": "Public finance researcher",
                    "source_name": "",
                    "source_url": "",
                    "pull_quote": False,
                },
            ),
        ],
    },
    # Sponsored content: marked as paid for readers, its links rel="sponsored", kept out
    # of the Google News sitemap.
    {
        "slug": "sponsored-winter-rail-passes",
        "section": "world",
        "story_type": "sponsored",
        "title": "Five winter journeys by rail across the Balkans",
        "summary": "From Sofia to Thessaloniki, the routes a winter rail pass covers.",
        "dateline": "SOFIA",
        "lead_photo": "barrier",
        "lead_caption": "",
        "bylines": ["meridian-press-agency"],
        "tags": ["Travel"],
        "hours_ago": 12,
        "body": [
            (
                "paragraph",
                "<p>This story was paid for by Balkan Rail Passes. Details of the pass are "
                '<a href="https://rail-passes.example.com/winter">on its site</a>.</p>',
            ),
            (
                "quote",
                {
                    "text": "Winter is the quietest time to travel the line.",
                    "speaker": "Petar Ivanov",
                    "role": "Conductor",
                    "source_name": "",
                    "source_url": "",
                    "pull_quote": False,
                },
            ),
        ],
    },
]

# The site's breaking-news banner: this story, for this many hours from when the
# demo is loaded (made again only once the scheduler has ended it).
BREAKING = {"story": "harbour-city-opens-flood-barrier", "hours": 24}

# Under embargo: scheduled to go live three days after the demo first runs; each
# run of the demo prints a fresh preview link to it and revokes the one before.
EMBARGOED_STORY = {
    "slug": "coast-guard-report-on-radar-trials",
    "section": "turkey",
    "title": "Coast Guard report finds radar trials met every target",
    "summary": "The trials of the new coastal radar picked up every test vessel, a report "
    "due out this week says.",
    "dateline": "ANKARA",
    "lead_photo": "radar",
    "lead_caption": "The radar mast over the Gulf of İzmit, where the trials took place.",
    "bylines": ["elif-yildirim"],
    "tags": ["Türkiye", "Defence"],
    "days_ahead": 3,
    "body": [
        (
            "paragraph",
            "<p>The Coast Guard's report on the radar trials, shared with reporters "
            "under embargo, says the system tracked all 40 test vessels in the gulf.</p>",
        ),
    ],
}

# The home page as the editors arranged it: a lead, featured stories, and rails
# for News and Sport; the newest stories not shown there follow as the latest.
FRONT = {
    "lead": "ankara-confirms-first-coastal-radar-delivery",
    "featured": ["harbour-city-opens-flood-barrier", "ferry-timetable-changes-for-winter"],
    "rails": [("news", 2), ("sport", 2)],
}

SETTINGS = {
    "publisher_name": "Newsroom Daily",
    "language": "en",
    "share_networks": [
        "facebook",
        "x",
        "linkedin",
        "whatsapp",
        "telegram",
        "reddit",
        "bluesky",
        "email",
    ],
    "social_accounts": [
        {"network": "x", "handle": "@newsroomdaily", "url": "https://x.com/newsroomdaily"},
        {
            "network": "bluesky",
            "handle": "@newsroom.example.org",
            "url": "https://bsky.app/profile/newsroom.example.org",
        },
    ],
    "alternate_addresses": ["newsroom-daily.example.net", "nrdaily.example.com"],
    "app_links": [
        {
            "name": "Newsroom TV",
            "url": "https://apps.example.org/newsroom-tv",
            "store": "app_store",
        },
        {
            "name": "Newsroom TV",
            "url": "https://play.example.org/newsroom-tv",
            "store": "google_play",
        },
    ],
}

# The newsroom's policy pages, under one "About us" page, each picked in the settings
# as the schema.org property its ``field`` names (``articles.models.settings.POLICIES``).
ABOUT = {
    "slug": "about",
    "title": "About us",
    "body": "<p>Newsroom Daily is an independent newsroom (invented for this demo). These "
    "pages say how we work.</p>",
}
POLICY_PAGES = [
    {
        "field": "ethics_policy",
        "slug": "ethics",
        "title": "Ethics policy",
        "body": "<p>We report accurately, independently and fairly, and say where we stand "
        "when we have an interest in a story.</p>",
    },
    {
        "field": "corrections_policy",
        "slug": "corrections-policy",
        "title": "Corrections policy",
        "body": "<p>When we get something wrong we correct it on the story, dated, and list "
        "it on our corrections page. We never change a story silently.</p>",
    },
    {
        "field": "masthead",
        "slug": "masthead",
        "title": "Masthead",
        "body": "<p>Editor-in-chief: Jonas Berg. Diplomatic correspondent: Elif Yıldırım.</p>",
    },
    {
        "field": "ownership_funding_info",
        "slug": "ownership-and-funding",
        "title": "Ownership and funding",
        "body": "<p>Newsroom Daily is owned by its staff and funded by its readers and by "
        "advertising, which is always marked.</p>",
    },
    {
        "field": "actionable_feedback_policy",
        "slug": "feedback",
        "title": "Feedback policy",
        "body": "<p>Write to the editors at any time; we answer every message about an "
        "error within two working days.</p>",
    },
    {
        "field": "verification_fact_checking_policy",
        "slug": "verification-and-fact-checking",
        "title": "Verification and fact-checking",
        "body": "<p>Every fact we publish is checked against at least one source we can "
        "name to our editors.</p>",
    },
    {
        "field": "unnamed_sources_policy",
        "slug": "unnamed-sources",
        "title": "Unnamed sources policy",
        "body": "<p>We quote a source we do not name only when an editor knows who they "
        "are and the information cannot be had another way.</p>",
    },
    {
        "field": "diversity_policy",
        "slug": "diversity",
        "title": "Diversity policy",
        "body": "<p>We seek out the voices of everyone our stories affect.</p>",
    },
    {
        "field": "no_bylines_policy",
        "slug": "bylines",
        "title": "Stories without bylines",
        "body": "<p>Wire copy carries its agency's name; a story without a byline is the "
        "work of our desk as a whole.</p>",
    },
]

# People to try the newsroom's workflow as (`manage.py newsroom_demo` prints
# them). Demo passwords: the command makes these users only under DEBUG or
# with --users, never on a production site by accident.
USERS = [
    {
        "username": "admin",
        "password": "newsroom-admin",
        "role": "Administrator: everything, site settings included",
        "superuser": True,
    },
    {
        "username": "reporter",
        "password": "newsroom-reporter",
        "first_name": "Elif",
        "last_name": "Yıldırım",
        "role": "Contributor on the Turkey desk: writes drafts and submits them for review",
        "groups": ["Newsroom: contributors"],
        "sections": {"turkey": "contributors"},
        "author": "elif-yildirim",
    },
    {
        "username": "editor",
        "password": "newsroom-editor",
        "first_name": "Jonas",
        "last_name": "Berg",
        "role": "Editor of the Turkey desk: approves, schedules and publishes its stories",
        "groups": ["Newsroom: editors"],
        "sections": {"turkey": "editors"},
        "author": "jonas-berg",
    },
    {
        "username": "photodesk",
        "password": "newsroom-photodesk",
        "first_name": "Deniz",
        "last_name": "Aydın",
        "role": "Photo desk: uploads photos and keeps their credits and captions",
        "groups": ["Newsroom: photo desk"],
    },
]
