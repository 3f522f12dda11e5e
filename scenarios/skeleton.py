"""``kefu scenarios new --type T``: a commented scenario skeleton that validates and passes its own
tests, for a teacher to edit. One template; each persona type fills in its own example lines."""

from __future__ import annotations

from string import Template

from .model import PERSONA_TYPES

# Per persona type: the example content dropped into the template.
EXAMPLES: dict[str, dict[str, str]] = {
    "bargainer": {
        "id": "my_bargainer", "title": "能便宜点吗?", "stage": "presale",
        "brief": "顾客嫌{product}({price}元)贵。目标:不说\"不讲价\",守住底价{floor_price}元,用赠品或包邮促成下单。",
        "name": "爱砍价的顾客", "style": "爱比价,好好说就愿意买。",
        "context": "  product: 保温杯\n  price: 99\n  floor_price: 89\n",
        "slot1": "offer_value", "slot1_label": "用赠品、包邮代替降价",
        "slot1_intents": "[offer_gift, offer_free_shipping, offer_coupon]", "slot1_phrases": "[杯套]",
        "slot2": "close_sale", "slot2_label": "引导下单",
        "slot2_intents": "[close_sale, give_eta]", "slot2_phrases": "[马上发货]",
        "open1": "这个{product}能便宜点吗?", "open2": "{price}有点贵,别家都打折了。",
        "next1": "送东西还行。那什么时候发货?", "next2": "有赠品啊?那现在拍今天能发吗?",
        "model1": "亲,您好!这已经是活动价了,我送您一个杯套,还包邮哦,感谢您的支持!",
        "model2": "好的亲,现在拍下今天就给您发货,祝您购物愉快!",
        "poor1": "不讲价", "poor2": "爱买不买",
    },
    "complainer": {
        "id": "my_complainer", "title": "快递怎么还没到?", "stage": "aftersale",
        "brief": "顾客的{product}迟迟没到。目标:道歉,马上查询物流,再告诉顾客预计送达时间。",
        "name": "着急的顾客", "style": "着急,但看到你在认真处理就会缓和。",
        "context": "  product: 台灯\n  order_no: \"20240101001\"\n",
        "slot1": "check_logistics", "slot1_label": "马上查询物流",
        "slot1_intents": "[check_logistics]", "slot1_phrases": "[物流信息]",
        "slot2": "give_eta", "slot2_label": "告诉顾客预计送达时间",
        "slot2_intents": "[give_eta]", "slot2_phrases": "[送达]",
        "open1": "我的{product}怎么还没到?", "open2": "订单{order_no}五天了还没收到!",
        "next1": "查到了吗?什么时候能到?", "next2": "那到底哪天能到?",
        "model1": "您好,真的很抱歉让您久等了!请您稍等,我马上帮您查询物流信息。",
        "model2": "感谢您的耐心!包裹预计明天送达,有任何问题随时联系我。",
        "poor1": "不知道", "poor2": "是快递的问题,你找快递去",
    },
    "negative_reviewer": {
        "id": "my_reviewer", "title": "给了差评的顾客", "stage": "aftersale",
        "brief": "顾客因为{product}有问题给了差评。目标:先道歉、问清情况,再给出换新或退款;不能用钱换评价。",
        "name": "失望的顾客", "style": "很失望;先道歉、把事办好,也愿意改口。",
        "context": "  product: 雨伞\n",
        "slot1": "ask_details", "slot1_label": "问清情况、请顾客拍照",
        "slot1_intents": "[ask_details, ask_photo]", "slot1_phrases": "[哪里坏]",
        "slot2": "offer_fix", "slot2_label": "给出换新或退款",
        "slot2_intents": "[offer_exchange, offer_resend, offer_refund]", "slot2_phrases": "[换一把]",
        "open1": "差评是我给的,{product}用一次就坏了。", "open2": "东西这么差,还来找我?",
        "next1": "照片发你了,伞骨断了。怎么处理?", "next2": "你看照片吧,你们打算怎么办?",
        "model1": "您好!刚看过您的评价,真的很抱歉!麻烦您拍张照片给我看看具体情况好吗?",
        "model2": "谢谢您的照片,我们马上为您换新一把,运费我们承担,祝您生活愉快!",
        "poor1": "你自己弄坏的吧,不是我们的问题", "poor2": "删差评给红包",
    },
    "presale": {
        "id": "my_presale", "title": "我穿多大码?", "stage": "presale",
        "brief": "顾客不知道{product}选什么码。目标:给出明确的尺码建议,再引导下单。",
        "name": "犹豫的顾客", "style": "怕买错;回答清楚就下单。",
        "context": "  product: 卫衣\n",
        "slot1": "recommend", "slot1_label": "给出明确的尺码建议",
        "slot1_intents": "[explain_size, recommend]", "slot1_phrases": "[M码, L码, S码]",
        "slot2": "close_sale", "slot2_label": "引导下单",
        "slot2_intents": "[close_sale, give_eta]", "slot2_phrases": "[今天发货]",
        "open1": "这件{product}我165穿多大码?", "open2": "码数准吗?我该拍哪个码?",
        "next1": "好,那我现在拍能今天发吗?", "next2": "行,那我就拍了,什么时候发?",
        "model1": "您好,欢迎光临!按您的身高建议您拍M码,穿着刚好,请放心。",
        "model2": "好的亲,现在拍下今天就给您发货,感谢您的支持!",
        "poor1": "你自己看尺码表", "poor2": "不知道",
    },
    "aftersale": {
        "id": "my_aftersale", "title": "什么时候发货?", "stage": "aftersale",
        "brief": "顾客付款后来催发货。目标:道歉,马上查询,给出明确的发货时间。",
        "name": "等急了的顾客", "style": "等急了;得到明确答复就安心。",
        "context": "  product: 绘本\n",
        "slot1": "check", "slot1_label": "马上查询",
        "slot1_intents": "[check_logistics]", "slot1_phrases": "[仓库]",
        "slot2": "ship_time", "slot2_label": "给出明确的发货时间",
        "slot2_intents": "[give_eta]", "slot2_phrases": "[今天下午, 明天上午]",
        "open1": "{product}付款三天了,怎么还不发货?", "open2": "还显示待发货,到底什么时候发?",
        "next1": "查到了吗?今天能发吗?", "next2": "那到底什么时候发出?",
        "model1": "您好,真的很抱歉让您久等了!请您稍等,我马上帮您查一下仓库。",
        "model2": "感谢您的耐心,今天下午就能发出,有任何问题随时联系我!",
        "poor1": "我说过了会发的", "poor2": "别催",
    },
    "hostile": {
        "id": "my_hostile", "title": "骂人的顾客", "stage": "presale",
        "brief": "顾客等急了开口就骂。目标:不还嘴,为久等道歉,回答真正的问题(今天能否发货)。",
        "name": "暴躁的顾客", "style": "出口成脏;对方一直礼貌就会消气。",
        "context": "  product: 键盘\n",
        "slot1": "calm", "slot1_label": "为久等道歉、稳住情绪",
        "slot1_intents": "[apologise, empathise]", "slot1_phrases": "[让您久等了]",
        "slot2": "answer", "slot2_label": "回答真正的问题(发货时间)",
        "slot2_intents": "[give_eta]", "slot2_phrases": "[当天发货, 今天发出]",
        "open1": "人呢?问半天不回,什么垃圾店!", "open2": "客服是摆设吗?会不会做生意?",
        "next1": "少废话,{product}今天发不发?", "next2": "我就问今天能不能发货!",
        "model1": "您好,真的很抱歉让您久等了,非常理解您的心情!",
        "model2": "今天下单都是当天发货,请放心,感谢您的耐心,祝您购物愉快!",
        "poor1": "你有病吧", "poor2": "爱买不买",
    },
}

TEMPLATE = Template("""\
# 场景骨架(kefu scenarios new --type $type 生成)。改完后运行:
#   kefu scenarios validate 文件.yaml     # 格式和图结构检查
#   kefu scenarios test 文件.yaml         # 运行下面 tests 里的脚本
#   kefu scenarios graph 文件.yaml        # 以树形查看每一条路径
# 格式说明见 scenarios/README.md。句子里有英文逗号时,请用 "- " 开头的列表写法。
schema_version: 2
id: $id                      # 小写字母、数字、- 和 _;在题库里不能重复
title: $title
stage: $stage                # presale 售前 / insale 售中 / aftersale 售后
difficulty: 1                # 1-3
brief: >-                    # 学生在对练开始时看到的任务
  $brief
persona:
  type: $type
  name: $name
  temperament:
    patience: 60             # 起始耐心 1-100;降到 0 买家离开(结局 buyer_left)
    decay: 5                 # 每轮无论说什么都会减少的耐心
  style: $style
context:                     # 变量,在买家台词和 brief 里写成 {product}
$context
slots:                       # 学生需要做到的事:做到 intents 里任一共享意图,或说出 phrases 里任一短语
  $slot1:                    # (没有被否定、不是反问或条件)即算做到;意图表见 scenarios/README.md
    label: $slot1_label
    intents: $slot1_intents
    phrases: $slot1_phrases    # 可选:本场景自己的说法(商品名、卖点)
  $slot2:
    label: $slot2_label
    intents: $slot2_intents
    phrases: $slot2_phrases
resolve:                     # 计入"问题解决"得分的要求;写成列表 [a, b] 表示做到其一即可
  - $slot1
  - $slot2
start: opening               # 第一句台词所在的节点
nodes:
  opening:
    say:                     # 多条台词按随机种子选一条,不同种子对话不同
      - "$open1"   # 以 { 开头的句子要加引号
      - "$open2"
    edges:                   # 从上到下,第一条满足 when 的边生效;最后一条没有 when,是默认边
      - when: forbidden      # 学生用了禁用语
        patience: -30        # 这条边让耐心变化多少
        goto: offended
      - when: {all: [{slot: $slot1}, polite]}
        patience: 10
        goto: next
      - when: {slot: $slot1}
        goto: next
      - when: silence        # 空回复
        patience: -20
        goto: opening
      - patience: -15        # 默认边
        goto: opening
  next:
    say:
      - "$next1"
      - "$next2"
    edges:
      - {when: forbidden, patience: -30, goto: offended}
      - when: {all: [{slot: $slot2}, polite]}
        goto: best
      - when: {slot: $slot2}
        goto: good_enough
      - {patience: -15, goto: next}
  offended:
    say:
      - 你这是什么态度?
      - 好好说话不行吗?
    edges:
      - when: {all: [apologized, {slot: $slot1}]}   # 道歉并把事办好,耐心的买家会原谅一次
        patience: 10
        goto: next
      - {when: forbidden, goto: escalated}
      - goto: left_angry
outcomes:                    # 结局:至少两个好结局、两个坏结局
  best:
    label: 问题解决,顾客满意
    good: true
    say: [好的,谢谢!]
  good_enough:
    label: 问题解决,但顾客不太满意
    good: true
    score: 70                # 可选:结局分(默认好结局 100,坏结局 0)
    say: [嗯,行吧。]
  left_angry:
    label: 顾客生气离开
    good: false
    say: [算了,不找你们了。]
  escalated:
    label: 顾客投诉或给差评
    good: false
    say: [我要投诉!]
tests:                       # 场景自测:kefu scenarios test 会逐条运行
  - name: 范例回复(必须走到最好的结局,且分数不低于 85)
    expect: best             # good、bad 或某个结局 id
    min_score: 85
    replies:
      - "$model1"
      - "$model2"
  - name: 差劲的回复(必须以坏结局收场,且分数不高于 40)
    expect: bad
    max_score: 40
    replies:
      - "$poor1"
      - "$poor2"
""")


def skeleton(persona_type: str) -> str:
    if persona_type not in PERSONA_TYPES:
        raise ValueError(persona_type)
    return TEMPLATE.substitute(EXAMPLES[persona_type], type=persona_type)
