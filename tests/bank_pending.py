"""TRANSITIONAL (issue 10): built-in scenarios whose natural-play scripts are still being
written. For them the natural-play bank rules are not yet required; every other rule is. This
file is deleted when the set is empty."""

NATURAL_PLAY_PENDING = {
    "aftersale_change_address",
    "aftersale_double11_urge",
    "aftersale_used_return",
    "bargain_regular_friend",
    "bargain_round_down",
    "hostile_abusive",
    "presale_returning_customer",
    "review_money_for_delete",
}
NATURAL_PLAY = {"few_good_authors", "no_blind_script", "no_weak_script", "no_salad_script"}
