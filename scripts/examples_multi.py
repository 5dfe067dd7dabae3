"""Hand-written stories that name several things at once (issue 12), labelled by the one they
dwell on or the one that explains the anger (shared/data/README.md's conventions).

Written for this project from docs/process.md and the industries' ordinary language, after issue
12's description of where the classifier failed on complaints it had never seen: long finance
stories mixing interest, fees, hardship, collection calls and mis-selling; deliveries both late
and cold; hotel reviews listing several gripes; car owners whose point is a request the maker
refuses; remarks on price or value. No line here paraphrases a scored text.
"""

from __future__ import annotations

PQ, SA, LG, AS, BL, MS, OT = (
    "product_quality",
    "service_attitude",
    "logistics",
    "after_sales",
    "billing",
    "misleading",
    "other",
)
URG, IMP, GEN = "urgent", "important", "general"

MULTI: list[tuple[str, str, str]] = [
    # finance: the main point decides, whatever else is mentioned
    (
        "分期买的手机，每个月除了本金还有一笔服务费，合同里根本没写这么多，客服也解释不清楚，这钱到底收的什么",
        BL,
        IMP,
    ),
    (
        "去年生意失败一直还不上，现在每期还款都凑不齐，打电话想申请停息挂账，银行说不符合条件，希望能再给个协商的机会",
        OT,
        IMP,
    ),
    (
        "我承认逾期了两个月，但是催收员每天早中晚打电话，还打到我妈那里，说要上门找我，家里人都被吓到了",
        OT,
        IMP,
    ),
    (
        "当初业务员说年化只有百分之六，签完才发现算上手续费和担保费快百分之二十了，根本没有跟我讲清楚",
        MS,
        IMP,
    ),
    ("提前还款还要收百分之三的违约金，借的时候没人说过，利息照样按全部期数算", BL, IMP),
    ("贷款已经全部结清一个月了，征信上还显示欠款，找客服开结清证明一直说在走流程", AS, IMP),
    ("办卡时说首年免年费，刷满六次就终身免，结果第二年照样扣了年费，打客服说活动早结束了", MS, IMP),
    (
        "信用卡额度突然从三万降到五千，我每个月都按时还款，没有一次逾期，问原因只说是系统综合评估",
        OT,
        IMP,
    ),
    ("保险买了三年想退，才知道只能退几百块，当初销售说随时可以全额退，这不是骗人吗", MS, IMP),
    ("每个月账单都有一笔九块九的会员费，我从来没开通过什么会员，已经扣了半年了", BL, IMP),
    ("利息太高了，借一万一年要还一万四，这和高利贷有什么区别，要求按国家规定重新计算", BL, IMP),
    (
        "疫情期间收入没了，信用卡欠了几家银行，现在只想协商分期慢慢还，可是每家都说只能全额还",
        OT,
        IMP,
    ),
    (
        "车险出险后报案，定损员拖了一个星期才来，定的金额连修车的一半都不够，理赔员还说爱修不修",
        AS,
        IMP,
    ),
    (
        "保险公司拒赔，说我投保前就有病，可投保的时候业务员说不用体检不用告知，现在全是我的责任",
        AS,
        IMP,
    ),
    ("银行柜员把理财说成存款推荐给我爸，老人根本不懂，现在亏了还说风险自担", MS, IMP),
    ("账户莫名其妙被冻结了，工资卡里的钱取不出来，网点说要我本人去开户行，开户行在外省", OT, IMP),
    ("分期手续费每期都收，实际利率比宣传的高一倍多，客服还说我们是按月费率算的没问题", BL, IMP),
    ("还款日当天还的款，系统显示晚了一天，收了我五十块滞纳金，还上了征信", BL, IMP),
    ("客服态度很差，我问了三遍利息怎么算，她直接说你自己看合同，然后就把电话挂了", SA, IMP),
    ("网贷平台的催收冒充律师给我发信息，说已经立案了，查了根本没有这回事，天天恐吓", OT, IMP),
    # delivery: late, and the food suffered for it, is logistics
    ("下单一个半小时才送到，汤都凉透了，面也坨了，骑手一句道歉都没有", LG, IMP),
    ("说好四十分钟送达，结果快两个小时，饭菜全冷了，还不如自己去吃", LG, IMP),
    ("送得太慢了，到手的时候奶茶冰都化了，炸鸡也软了", LG, GEN),
    ("等了一个多小时，披萨凉了，芝士都硬了，打电话给骑手说在路上，其实一直没动", LG, IMP),
    ("超时四十分钟，汤还洒了一半在袋子里，饭也冷了", LG, IMP),
    ("这家的菜其实挺好吃的，就是每次送过来都凉了，配送太慢", LG, GEN),
    ("骑手送错了楼，让我自己下楼去拿，等拿到饭都凉了", LG, GEN),
    ("显示已送达，可我根本没收到外卖，联系骑手说放在门口了，门口什么都没有", LG, IMP),
    # hotels: several gripes, most of them about the room
    ("房间很小，隔音很差，半夜隔壁说话都听得见，空调还一直响，早餐品种也少", PQ, IMP),
    ("位置还可以，但房间有股霉味，床单上有污渍，卫生间的下水道也不通，不会再住了", PQ, IMP),
    ("设施太旧了，电视打不开，热水要放十分钟才有，窗户关不严，价格却一点不便宜", PQ, IMP),
    ("前台办入住用了半个小时，房间的灯坏了两盏，浴室地漏堵了，总体很失望", PQ, IMP),
    ("前台服务员一直在玩手机，问她问题爱理不理，退房时还说我们弄坏了毛巾要赔钱", SA, IMP),
    ("酒店一般吧，早餐凑合，房间还算干净，就是楼下太吵了", PQ, GEN),
    ("房间和图片差别很大，图片上是大窗户，实际是个暗房，还有烟味", PQ, IMP),
    ("订的时候写着含双早，到了说早餐要另外付钱，前台态度还很冲", MS, IMP),
    ("预订的大床房到店说没有了，只能换成小的标间，也不退差价", MS, IMP),
    ("晚上有人不停打电话问要不要服务，打了好几个，前台说管不了", OT, IMP),
    # cars: the request is the point
    ("发动机异响去了4S店三次，每次都说正常，现在连检测都不给做了，要求厂家给个说法", AS, IMP),
    ("变速箱顿挫明显，在保修期内，4S店却说是驾驶习惯问题拒绝保修", AS, IMP),
    ("车辆天窗漏水，修了两次还漏，厂家不同意换，只说继续修", AS, IMP),
    ("买车时宣传有自适应巡航，提车发现这个配置没有，销售说宣传册印错了", MS, IMP),
    ("宣传的百公里油耗五升，实际开下来九升多，差太远了", MS, IMP),
    ("新车交车时发现车门有补漆痕迹，4S店不承认是事故车，也不给退换", AS, IMP),
    ("车机系统经常死机，升级以后还是一样，售后说等下次版本", AS, GEN),
    ("车子质保期内发动机漏油，4S店说要自费更换油封", AS, IMP),
    ("电动车宣传续航五百公里，冬天连两百都跑不到，厂家说是正常现象", MS, IMP),
    # price and value remarks are billing
    ("菜的味道还可以，就是价格太贵了，一份小炒要八十多", BL, GEN),
    ("东西还行，但是不值这个价，同样的在别家便宜一半", BL, GEN),
    ("刚买三天就降价两百，申请价保说不支持", BL, IMP),
    ("套餐价格比门店贵，外卖还要另收打包费和配送费", BL, GEN),
    ("酒店房价节假日翻了三倍，设施还是那么旧", BL, GEN),
    ("景区门票一百二，里面每个项目还要单独收费", BL, IMP),
    ("优惠券说满一百减二十，结账的时候又说这个商品不参加", BL, GEN),
    ("物业费每年都涨，可是服务一点没变好", BL, GEN),
    ("宽带到期自动续费了一年，没有任何提醒，想退说不行", BL, IMP),
    ("培训机构退费时扣了百分之三十的手续费，报名时根本没说", BL, IMP),
    # other industries, mixed stories
    (
        "手机套餐被改成了更贵的，我从来没同意过，客服查了说是营业厅办的，营业厅又说是系统升级",
        BL,
        IMP,
    ),
    ("物业管家态度差，报修三次都说等等，楼道灯坏了一个月没人修", SA, IMP),
    ("报了英语课，说好一对一，上了两次就换成一对四，老师还经常换", MS, IMP),
    ("旅行团行程里说纯玩不购物，结果一天进了三个购物店，导游不买就甩脸色", MS, IMP),
    ("机票改签收了两百的手续费，航班延误四个小时也没人解释，行李还晚到了一天", LG, IMP),
    ("网上买的衣服尺码不对，申请退货，商家让我自己承担运费还要扣包装费", AS, GEN),
    ("手机屏幕有亮点，申请换货，商家拖了十天才回复，说要先寄回检测", AS, IMP),
    (
        "快递到了外包装破了，里面的杯子碎了一个，找商家说是快递的问题，找快递说是商家包装问题",
        LG,
        IMP,
    ),
    ("装修公司工期拖了两个月，墙面还开裂了，找他们返工一直推", AS, IMP),
]
