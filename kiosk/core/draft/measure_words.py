"""The measure words and units a figure of a union's work is counted in.

The finder builds its patterns from these tables, so a missing word is added
here, not in a regular expression.  Each table says what kind of word it holds;
time words are listed apart because a number before them is a time span
(五年来, 3个多月, 24小时), not a figure.
"""

from __future__ import annotations

# Units of more than one character, matched before the single counters
# (人次 before 人, 平方米 before 米).
COMPOUND_UNITS: tuple[str, ...] = (
    "个百分点",
    "百分点",
    "平方公里",
    "平方千米",
    "平方米",
    "立方米",
    "平米",
    "公里",
    "千米",
    "千克",
    "公斤",
    "千瓦时",
    "千瓦",
    "人次",
    "件次",
    "户次",
    "场次",
    "批次",
    "架次",
    "人日",
    "美元",
)

# Single-character counters (量词) a figure of people, places, things or events takes.
COUNTERS: tuple[str, ...] = (
    # people and households
    "人",
    "名",
    "位",
    "户",
    # organisations and places
    "个",
    "家",
    "所",
    "座",
    "处",
    "间",
    "栋",
    "市",
    "县",
    "区",
    "镇",
    "乡",
    "村",
    "省",
    # things and work
    "项",
    "件",
    "套",
    "台",
    "辆",
    "条",
    "支",
    "批",
    "张",
    "份",
    "本",
    "册",
    "部",
    "篇",
    "幅",
    "首",
    "类",
    "种",
    "门",
    "堂",
    "队",
    "组",
    "例",
    # events
    "场",
    "次",
    "期",
    "出",
    # money, area, weight, length, multiples
    "元",
    "亩",
    "吨",
    "米",
    "倍",
)

PERCENT_SIGNS: tuple[str, ...] = ("%", "％", "‰")

# After a number, these make it a time span: 五年来, 5年内, 8小时, 3个月.
TIME_WORDS: tuple[str, ...] = (
    "个多月",
    "个半月",
    "个月",
    "多年",
    "年",
    "月",
    "日",
    "号",
    "天",
    "周",
    "星期",
    "小时",
    "分钟",
    "秒",
)

# Words that, right after a counter, show the figure is part of a name or a
# time span rather than a count: 十五次代表大会, 三次全体会议, 3个月, 三部门, 三位一体.
NOT_A_COUNT_AFTER: dict[str, tuple[str, ...]] = {
    "次": ("代表大会", "全委", "全体", "会议", "全会", "委员", "工代会", "党代会", "常委"),
    "个": ("月", "多月", "半月", "工作日", "小时", "星期", "钟头"),
    "部": ("门", "委", "分"),
    "期": ("工程", "项目"),
    "位": ("一体",),
    "类": ("别",),
}

# Verbs and words that, right before a founding year, mark it as one: 1940年8月6日在临沂青驼寺成立.
FOUNDING_WORDS: tuple[str, ...] = ("成立", "诞生", "创建", "组建", "创立", "建会", "创办")


def units_longest_first() -> tuple[str, ...]:
    """Every unit and counter, longest first, as a regular expression's alternatives want them."""
    return tuple(sorted({*COMPOUND_UNITS, *COUNTERS, *PERCENT_SIGNS}, key=len, reverse=True))


# Words that make what follows a goal, a plan or a forecast rather than something done
# (力争建成200家, 计划培训5000人次, 预计新增3万人): a card must not show such a figure as achieved.
# Not 拟 alone: it is as often 模拟 or 虚拟 as "plans to".
AIM_WORDS: tuple[str, ...] = ("力争", "争取", "力求", "计划", "预计", "目标", "有望")
