"""The demo's photos, drawn with Pillow at load time: one drawing per subject.

Each photo spec in ``demo_content.PHOTOS`` names a ``scene``; ``draw_photo``
draws it from a seed, so the same spec always gives the same bytes (the demo
stays reproducible) and nothing is downloaded. The drawings are simple, but a
reader should tell a stadium from a committee room at thumbnail size: big
shapes and strong contrast first, detail second.
"""

import io
import random
import zlib

from PIL import Image, ImageChops, ImageDraw

SIZE = (1800, 1200)


def gradient(size, top, bottom):
    """A vertical gradient from ``top`` to ``bottom`` (a resized column: fast at any size)."""
    width, height = size
    steps = 256
    column = Image.new("RGB", (1, steps))
    column.putdata(
        [
            tuple(round(a + (b - a) * i / (steps - 1)) for a, b in zip(top, bottom, strict=True))
            for i in range(steps)
        ]
    )
    return column.resize((width, height), Image.Resampling.BILINEAR)


def backdrop(image, depth, top, bottom):
    """Paint the top ``depth`` rows from ``top`` to ``bottom``: (its drawing, width, height).

    Every scene starts so: a sky, a wall or a studio backdrop, then shapes drawn over it.
    """
    width, height = image.size
    image.paste(gradient((width, depth), top, bottom), (0, 0))
    return ImageDraw.Draw(image), width, height


def shade(colour, factor):
    return tuple(max(0, min(255, round(c * factor))) for c in colour)


def mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def waves(draw, rng, box, colour, count):
    """Short horizontal ripples scattered over ``box``, denser and longer towards the viewer."""
    left, top, right, bottom = box
    for _ in range(count):
        t = rng.random() ** 0.7
        y = top + (bottom - top) * t
        length = 20 + 140 * t
        x = rng.uniform(left - length, right)
        draw.line([(x, y), (x + length, y)], fill=colour, width=max(2, round(2 + 4 * t)))


def draw_coast(image, rng, colours):
    """A lattice radar mast with its dish on a headland, the sea and a low sun behind."""
    top, bottom = colours
    horizon = int(image.height * rng.uniform(0.6, 0.66))
    draw, width, height = backdrop(image, horizon, top, bottom)
    sun_x = int(width * rng.uniform(0.15, 0.35))
    for radius, glow in ((200, 0.25), (140, 0.5), (95, 1.0)):
        colour = mix(bottom, (255, 225, 160), glow)
        draw.ellipse(
            [sun_x - radius, horizon - radius, sun_x + radius, horizon + radius], fill=colour
        )
    sea = shade(top, 0.8)
    draw.rectangle([0, horizon, width, height], fill=sea)
    # The sun's path on the water.
    for i in range(14):
        y = horizon + 12 + i * 30
        half = 90 - i * 4 + rng.randint(-10, 10)
        draw.line([(sun_x - half, y), (sun_x + half, y)], fill=(240, 180, 110), width=6)
    waves(draw, rng, (0, horizon + 10, width, height), shade(top, 1.25), 110)
    # The headland the mast stands on.
    land = (34, 32, 38)
    foot = int(width * 0.46)
    draw.polygon(
        [
            (foot, height),
            (foot + 120, horizon - 20),
            (int(width * 0.62), horizon - 90),
            (width, horizon - 120),
            (width, height),
        ],
        fill=land,
    )
    base_y = horizon - 100
    mast_x = int(width * rng.uniform(0.72, 0.78))
    mast_top = int(height * 0.16)
    spread_bottom, spread_top = 110, 26
    steel = (22, 22, 28)
    left = [(mast_x - spread_bottom, base_y), (mast_x - spread_top, mast_top)]
    right = [(mast_x + spread_bottom, base_y), (mast_x + spread_top, mast_top)]
    draw.line(left, fill=steel, width=14)
    draw.line(right, fill=steel, width=14)
    # Cross-bracing: the X's that make a mast read as a lattice tower.
    levels = 9
    for i in range(levels):
        y0 = base_y + (mast_top - base_y) * i / levels
        y1 = base_y + (mast_top - base_y) * (i + 1) / levels
        half0 = spread_bottom + (spread_top - spread_bottom) * i / levels
        half1 = spread_bottom + (spread_top - spread_bottom) * (i + 1) / levels
        draw.line([(mast_x - half0, y0), (mast_x + half1, y1)], fill=steel, width=6)
        draw.line([(mast_x + half0, y0), (mast_x - half1, y1)], fill=steel, width=6)
        draw.line([(mast_x - half1, y1), (mast_x + half1, y1)], fill=steel, width=6)
    # The platform and the rotating antenna: a wide, slightly tilted bar on a pedestal.
    draw.rectangle([mast_x - 70, mast_top - 18, mast_x + 70, mast_top], fill=steel)
    draw.rectangle([mast_x - 14, mast_top - 70, mast_x + 14, mast_top - 18], fill=steel)
    draw.polygon(
        [
            (mast_x - 230, mast_top - 120),
            (mast_x + 230, mast_top - 100),
            (mast_x + 225, mast_top - 60),
            (mast_x - 235, mast_top - 80),
        ],
        fill=(200, 200, 206),
        outline=steel,
        width=6,
    )
    # The equipment hut at its foot.
    draw.rectangle([mast_x - 190, base_y - 70, mast_x - 60, base_y], fill=(60, 58, 64))
    draw.rectangle([mast_x - 160, base_y - 50, mast_x - 130, base_y - 25], fill=(250, 200, 120))


def draw_hearing(image, rng, colours):
    """A committee room: tall windows, a row of high-backed chairs, a long table with name cards."""
    wall, light = colours
    floor_y = int(image.height * 0.62)
    draw, width, height = backdrop(image, floor_y, shade(wall, 1.3), wall)
    draw.rectangle([0, floor_y, width, height], fill=(92, 40, 44))  # red carpet
    # Tall windows with mullions and daylight.
    count = 4
    pane_w = 210
    gap = (width - count * pane_w) / (count + 1)
    for i in range(count):
        x0 = gap + i * (pane_w + gap)
        draw.rectangle([x0 - 16, 70, x0 + pane_w + 16, floor_y - 90], fill=shade(wall, 0.7))
        draw.rectangle([x0, 90, x0 + pane_w, floor_y - 110], fill=mix(light, (255, 255, 255), 0.5))
        draw.line([(x0 + pane_w / 2, 90), (x0 + pane_w / 2, floor_y - 110)], fill=wall, width=10)
        for y in range(190, floor_y - 110, 120):
            draw.line([(x0, y), (x0 + pane_w, y)], fill=wall, width=8)
    table_top = int(height * 0.58)
    seats = 6
    pitch = width / seats
    occupied = set(rng.sample(range(seats), rng.randint(3, 4)))
    for i in range(seats):
        cx = pitch * (i + 0.5)
        # High-backed chair, its back rising above the table.
        draw.rounded_rectangle(
            [cx - 85, table_top - 270, cx + 85, table_top + 20], radius=30, fill=(70, 34, 30)
        )
        draw.rounded_rectangle(
            [cx - 65, table_top - 250, cx + 65, table_top], radius=22, fill=(110, 52, 44)
        )
        if i in occupied:
            suit = rng.choice([(30, 34, 48), (48, 44, 42), (24, 28, 30)])
            skin = rng.choice([(224, 186, 160), (190, 140, 110), (150, 105, 80)])
            draw.pieslice([cx - 110, table_top - 170, cx + 110, table_top + 120], 180, 360, suit)
            draw.ellipse([cx - 48, table_top - 290, cx + 48, table_top - 170], fill=skin)
            draw.chord([cx - 50, table_top - 296, cx + 50, table_top - 210], 180, 360, (40, 30, 26))
    # The long table, its front panel towards us.
    draw.rectangle([0, table_top, width, table_top + 26], fill=(150, 100, 60))
    draw.rectangle([0, table_top + 26, width, int(height * 0.8)], fill=(96, 60, 34))
    for i in range(1, 4):
        x = width * i / 4
        draw.line([(x, table_top + 60), (x, int(height * 0.77))], fill=(80, 48, 26), width=6)
    draw.line([(0, table_top + 26), (width, table_top + 26)], fill=(60, 36, 20), width=6)
    for i in range(seats):
        cx = pitch * (i + 0.5)
        # A name card: white tent with a dark name line on it.
        draw.polygon(
            [
                (cx - 95, table_top + 10),
                (cx + 95, table_top + 10),
                (cx + 85, table_top - 60),
                (cx - 85, table_top - 60),
            ],
            fill=(245, 245, 240),
        )
        name = rng.randint(90, 130)
        draw.rectangle(
            [cx - name / 2, table_top - 38, cx + name / 2, table_top - 22], fill=(30, 30, 40)
        )
        # A microphone on a gooseneck, off to one side of the card.
        mic_x = cx + 120
        draw.rectangle([mic_x - 22, table_top - 8, mic_x + 22, table_top + 4], fill=(20, 20, 20))
        draw.line(
            [(mic_x, table_top - 8), (mic_x - 30, table_top - 130)], fill=(20, 20, 20), width=7
        )
        draw.ellipse([mic_x - 46, table_top - 150, mic_x - 16, table_top - 120], fill=(20, 20, 20))


def draw_barrier(image, rng, colours):
    """Two curved steel gates between concrete piers, rising from grey water under cloud."""
    top, bottom = colours
    horizon = int(image.height * 0.52)
    draw, width, height = backdrop(image, horizon, top, bottom)
    for _ in range(9):
        cx = rng.uniform(0, width)
        cy = rng.uniform(80, horizon * 0.6)
        for _ in range(5):
            rx, ry = rng.uniform(80, 200), rng.uniform(40, 80)
            x, y = cx + rng.uniform(-160, 160), cy + rng.uniform(-30, 30)
            draw.ellipse([x - rx, y - ry, x + rx, y + ry], fill=shade(bottom, 0.9))
    # The far shore.
    draw.rectangle([0, horizon - 30, width, horizon], fill=shade(top, 0.8))
    water = (88, 100, 108)
    draw.rectangle([0, horizon, width, height], fill=water)
    waves(draw, rng, (0, horizon + 10, width, height), (130, 142, 150), 140)
    pier_w = 130
    gate_level = int(height * 0.74)
    piers = [int(width * 0.14), int(width * 0.5), int(width * 0.86)]
    steel = (190, 196, 204)
    dark = (70, 78, 86)
    for left, right in zip(piers, piers[1:], strict=False):
        span = right - left - pier_w
        x0, x1 = left + pier_w / 2, right - pier_w / 2
        rise = span * 0.42
        # A gate: the upper half of a steel disc, ribbed, rising out of the water.
        draw.pieslice([x0, gate_level - rise, x1, gate_level + rise], 180, 360, fill=steel)
        draw.arc([x0, gate_level - rise, x1, gate_level + rise], 180, 360, fill=dark, width=14)
        for k in range(1, 6):
            inset = span * k / 12
            draw.arc(
                [
                    x0 + inset,
                    gate_level - rise + inset * 0.84,
                    x1 - inset,
                    gate_level + rise - inset * 0.84,
                ],
                180,
                360,
                fill=dark,
                width=6,
            )
        for k in range(1, 8):
            x = x0 + span * k / 8
            draw.line([(x, gate_level), (x, gate_level - rise * 0.15)], fill=dark, width=4)
        # Spray where the water meets it.
        draw.rectangle([x0, gate_level - 6, x1, gate_level + 12], fill=(220, 228, 232))
    draw.rectangle([0, gate_level + 12, width, height], fill=water)
    waves(draw, rng, (0, gate_level + 20, width, height), (130, 142, 150), 80)
    for x in piers:
        # A concrete pier with the machinery housing on top.
        draw.rectangle(
            [x - pier_w / 2, int(height * 0.3), x + pier_w / 2, gate_level + 40],
            fill=(150, 148, 140),
        )
        draw.rectangle(
            [x - pier_w / 2, int(height * 0.3), x - pier_w / 2 + 20, gate_level + 40],
            fill=(120, 118, 112),
        )
        draw.polygon(
            [
                (x - pier_w / 2 - 20, int(height * 0.3)),
                (x, int(height * 0.22)),
                (x + pier_w / 2 + 20, int(height * 0.3)),
            ],
            fill=(210, 212, 216),
        )


def draw_stadium(image, rng, colours):
    """A football ground at night: packed stands, floodlights, a striped pitch with its lines."""
    grass, lines = colours
    draw, width, height = backdrop(image, image.height, (8, 12, 30), (30, 36, 60))
    stand_top = int(height * 0.2)
    pitch_top = int(height * 0.5)
    # The far stand: tiers of supporters, drawn as dots in the club's colours.
    draw.rectangle([0, stand_top, width, pitch_top], fill=(40, 40, 48))
    draw.rectangle([0, stand_top - 40, width, stand_top], fill=(90, 92, 100))  # the roof edge
    fans = [(200, 30, 40), (240, 200, 40), (230, 230, 230), (60, 60, 70), (180, 40, 40)]
    for row in range(14):
        y = stand_top + 20 + row * ((pitch_top - stand_top - 40) / 14)
        for x in range(rng.randint(0, 12), width, 24):
            draw.ellipse([x, y, x + 12, y + 12], fill=rng.choice(fans))
    draw.rectangle([0, pitch_top - 24, width, pitch_top], fill=(200, 40, 40))  # advertising boards
    # The pitch, seen from high in the near stand: a trapezoid, striped.
    far_l, far_r = int(width * 0.08), int(width * 0.92)
    near_l, near_r = -int(width * 0.3), int(width * 1.3)
    bottom = height
    stripes = 10
    for i in range(stripes):
        t0, t1 = i / stripes, (i + 1) / stripes
        y0 = pitch_top + (bottom - pitch_top) * t0
        y1 = pitch_top + (bottom - pitch_top) * t1
        draw.polygon(
            [
                (far_l + (near_l - far_l) * t0, y0),
                (far_r + (near_r - far_r) * t0, y0),
                (far_r + (near_r - far_r) * t1, y1),
                (far_l + (near_l - far_l) * t1, y1),
            ],
            fill=shade(grass, 1.0 if i % 2 else 1.25),
        )
    pad = 40
    line_w = 6

    def at(u, v):
        """A point on the pitch: u across (0 to 1), v towards us (0 far touchline, 1 near)."""
        y = pitch_top + pad + (bottom - pitch_top - pad) * v
        t = (y - pitch_top) / (bottom - pitch_top)
        left = far_l + (near_l - far_l) * t + pad
        right = far_r + (near_r - far_r) * t - pad
        return left + (right - left) * u, y

    near = 0.92
    draw.line([at(0, 0), at(1, 0)], fill=lines, width=line_w)
    draw.line([at(0, 0), at(0, near)], fill=lines, width=line_w)
    draw.line([at(1, 0), at(1, near)], fill=lines, width=line_w)
    draw.line([at(0.5, 0), at(0.5, near)], fill=lines, width=line_w)
    cx, cy = at(0.5, 0.45)
    rx, ry = width * 0.09, height * 0.09
    draw.ellipse([cx - rx, cy - ry, cx + rx, cy + ry], outline=lines, width=line_w)
    draw.ellipse([cx - 8, cy - 8, cx + 8, cy + 8], fill=lines)
    for side in (0, 1):
        # The penalty areas, one at each end.
        u_out = 0.14 if side == 0 else 0.86
        u_edge = 0 if side == 0 else 1
        draw.line(
            [at(u_edge, 0.18), at(u_out, 0.18), at(u_out, 0.78), at(u_edge, 0.78)],
            fill=lines,
            width=line_w,
        )
        goal = [at(u_edge, 0.38), at(u_edge, 0.56)]
        draw.line(goal, fill=(255, 255, 255), width=14)
    # Floodlight pylons: a bank of lamps on a tall mast, with a halo around it.
    glow = Image.new("RGB", image.size, (0, 0, 0))
    glow_draw = ImageDraw.Draw(glow)
    for x in (int(width * 0.1), int(width * 0.9)):
        lamps = [x - 120, int(height * 0.03), x + 120, int(height * 0.11)]
        for spread, level in ((170, 30), (90, 55), (40, 80)):
            glow_draw.ellipse(
                [lamps[0] - spread, lamps[1] - spread, lamps[2] + spread, lamps[3] + spread],
                fill=(level, level, level - 10),
            )
    image.paste(ImageChops.add(image, glow))
    for x in (int(width * 0.1), int(width * 0.9)):
        lamps = [x - 120, int(height * 0.03), x + 120, int(height * 0.11)]
        draw.line([(x, stand_top - 40), (x, lamps[3])], fill=(150, 150, 160), width=18)
        draw.rectangle(lamps, fill=(60, 62, 70))
        for row in range(2):
            for col in range(5):
                lx = lamps[0] + 12 + col * 46
                ly = lamps[1] + 10 + row * 44
                draw.rectangle([lx, ly, lx + 36, ly + 30], fill=(255, 255, 215))


def draw_harbour(image, rng, colours):
    """A white ferry crossing blue water, a skyline of domes and minarets behind, small boats."""
    sky, haze = colours
    horizon = int(image.height * 0.5)
    draw, width, height = backdrop(image, horizon, sky, haze)
    # The skyline: blocks, domes and minarets on the far shore, hazy.
    city = mix(sky, haze, 0.45)
    draw.rectangle([0, horizon - 40, width, horizon], fill=city)
    x = 0
    while x < width:
        w = rng.randint(60, 150)
        h = rng.randint(40, 170)
        draw.rectangle([x, horizon - h, x + w, horizon], fill=city)
        x += w + rng.randint(0, 30)
    for mosque_x in (int(width * rng.uniform(0.15, 0.3)), int(width * rng.uniform(0.6, 0.8))):
        draw.pieslice(
            [mosque_x - 130, horizon - 330, mosque_x + 130, horizon - 70],
            180,
            360,
            fill=shade(city, 0.9),
        )
        draw.rectangle([mosque_x - 150, horizon - 200, mosque_x + 150, horizon], fill=city)
        for side in (-1, 1):
            mx = mosque_x + side * 210
            draw.rectangle([mx - 12, horizon - 380, mx + 12, horizon], fill=shade(city, 0.9))
            draw.polygon(
                [(mx - 14, horizon - 380), (mx + 14, horizon - 380), (mx, horizon - 450)],
                fill=shade(city, 0.9),
            )
    water = shade(sky, 0.7)
    draw.rectangle([0, horizon, width, height], fill=water)
    waves(draw, rng, (0, horizon + 8, width, height), shade(sky, 1.15), 160)
    # The ferry, broadside: dark hull, white decks with windows, a funnel.
    fx = int(width * rng.uniform(0.28, 0.38))
    waterline = int(height * 0.78)
    length = int(width * 0.5)
    hull = (30, 36, 52)
    white = (245, 245, 240)
    draw.polygon(
        [
            (fx, waterline - 110),
            (fx + length, waterline - 110),
            (fx + length - 60, waterline),
            (fx + 40, waterline),
        ],
        fill=hull,
    )
    draw.rectangle([fx + 10, waterline - 150, fx + length - 10, waterline - 110], fill=white)
    draw.rectangle([fx + 60, waterline - 250, fx + length - 80, waterline - 150], fill=white)
    draw.rectangle([fx + 150, waterline - 320, fx + length - 180, waterline - 250], fill=white)
    for row_y, left, right in (
        (waterline - 140, fx + 30, fx + length - 30),
        (waterline - 225, fx + 80, fx + length - 100),
    ):
        for wx in range(left, right - 30, 52):
            draw.rectangle([wx, row_y, wx + 32, row_y + 22], fill=(40, 60, 90))
    draw.rectangle(
        [fx + 150, waterline - 300, fx + length - 180, waterline - 280], fill=(40, 60, 90)
    )
    funnel_x = fx + length // 2
    draw.polygon(
        [
            (funnel_x - 40, waterline - 320),
            (funnel_x + 40, waterline - 320),
            (funnel_x + 55, waterline - 420),
            (funnel_x - 25, waterline - 420),
        ],
        fill=(240, 240, 235),
    )
    draw.rectangle(
        [funnel_x - 30, waterline - 420, funnel_x + 55, waterline - 395], fill=(30, 30, 30)
    )
    draw.rectangle(
        [funnel_x - 35, waterline - 380, funnel_x + 50, waterline - 360], fill=(200, 40, 40)
    )
    # The wake behind it.
    for i in range(8):
        y = waterline + 10 + i * 18
        draw.line([(fx - 40 - i * 60, y), (fx + 80, y)], fill=white, width=6)
    # Small boats and gulls.
    for _ in range(3):
        bx = rng.uniform(0, width)
        if fx - 100 < bx < fx + length + 100:
            continue
        by = rng.uniform(horizon + 60, horizon + 200)
        draw.polygon(
            [(bx - 60, by), (bx + 60, by), (bx + 45, by + 24), (bx - 45, by + 24)],
            fill=(240, 240, 240),
        )
        draw.rectangle([bx - 15, by - 24, bx + 20, by], fill=(200, 60, 50))
    for _ in range(5):
        gx, gy = rng.uniform(100, width - 100), rng.uniform(80, horizon - 260)
        draw.line(
            [(gx - 30, gy - 10), (gx, gy + 4), (gx + 30, gy - 10)], fill=(50, 50, 60), width=5
        )


def draw_portrait(image, rng, colours):
    """A head-and-shoulders silhouette on a plain backdrop, centred for a square avatar crop."""
    figure, wall = colours
    draw, width, height = backdrop(image, image.height, wall, shade(wall, 0.85))
    cx = width // 2
    # Shoulders: a wide rounded mound rising from the bottom edge.
    shoulders_top = int(height * 0.66)
    span = int(height * 0.46)
    draw.ellipse([cx - span, shoulders_top, cx + span, shoulders_top + span * 1.3], fill=figure)
    neck = int(height * 0.07)
    draw.rectangle([cx - neck, int(height * 0.5), cx + neck, shoulders_top + 40], fill=figure)
    # A collar opening, so the shoulders read as a jacket.
    draw.polygon(
        [
            (cx - neck - 30, shoulders_top + 10),
            (cx + neck + 30, shoulders_top + 10),
            (cx, shoulders_top + 150),
        ],
        fill=shade(wall, 0.95),
    )
    draw.polygon(
        [
            (cx - neck, shoulders_top + 10),
            (cx + neck, shoulders_top + 10),
            (cx, shoulders_top + 90),
        ],
        fill=figure,
    )
    # The head: hair first, the face over its lower part, so the hair shows as a fringe.
    head_w, head_h = int(height * 0.16), int(height * 0.2)
    head_cy = int(height * 0.38) + rng.randint(-10, 10)
    hair = shade(figure, 0.55)
    draw.ellipse(
        [cx - head_w - 6, head_cy - head_h - 20, cx + head_w + 6, head_cy + head_h * 0.2],
        fill=hair,
    )
    draw.ellipse([cx - head_w, head_cy - head_h * 0.8, cx + head_w, head_cy + head_h], fill=figure)


SCENES = {
    "coast": draw_coast,
    "hearing": draw_hearing,
    "barrier": draw_barrier,
    "stadium": draw_stadium,
    "harbour": draw_harbour,
    "portrait": draw_portrait,
}


def seed_of(spec):
    """A photo's seed, from its key: stable across runs and untouched by reordering the list."""
    return zlib.crc32(spec["key"].encode())


def draw_photo(scene, colours, seed):
    """The JPEG bytes (as a file) of ``scene`` drawn in ``colours``, the same for the same seed."""
    image = Image.new("RGB", SIZE)
    SCENES[scene](image, random.Random(seed), colours)  # noqa: S311 - a drawing, not a secret
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    buffer.seek(0)
    return buffer
