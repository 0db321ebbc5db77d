#include "demodata.h"

namespace Leadline {

namespace {

QStringList split(const char *utf8)
{
    return QString::fromUtf8(utf8).split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

QStringList lines(std::initializer_list<const char *> texts)
{
    QStringList out;
    for (const char *text : texts)
        out.append(QString::fromUtf8(text));
    return out;
}

} // namespace

const QStringList &DemoData::surnames()
{
    static const QStringList values = split(
        "王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 林 高 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹 "
        "彭 曾 肖 田 董 潘 袁 蔡 蒋 余 于 杜 叶 程 魏 苏 吕 丁 任 沈 姚 卢 傅 钟 姜 崔 谭 廖 范 汪 "
        "陆 金 石 戴 贾 韦 夏 邱 方 侯 邹 熊 孟 秦 白 江 阎 薛 尹 段 雷 黎 史 龙 陶 贺 顾 毛 郝 龚 "
        "欧阳 司马 上官");
    return values;
}

const QStringList &DemoData::surnamePinyin()
{
    static const QStringList values = split(
        "wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin gao luo zheng "
        "liang xie song tang xu han feng deng cao peng zeng xiao tian dong pan yuan cai jiang yu yu "
        "du ye cheng wei su lv ding ren shen yao lu fu zhong jiang cui tan liao fan wang lu jin shi "
        "dai jia wei xia qiu fang hou zou xiong meng qin bai jiang yan xue yin duan lei li shi long "
        "tao he gu mao hao gong ouyang sima shangguan");
    return values;
}

const QList<int> &DemoData::surnameWeights()
{
    // Roughly the national frequency: the first surnames are far more common than the tail.
    static const QList<int> values = [] {
        QList<int> weights;
        const int count = int(surnames().size());
        for (int i = 0; i < count; ++i)
            weights.append(i < 5 ? 70 : i < 10 ? 40 : i < 30 ? 20 : i < count - 3 ? 8 : 1);
        return weights;
    }();
    return values;
}

const QStringList &DemoData::givenNameChars()
{
    static const QStringList values = split(
        "伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀 霞 平 刚 桂 英 华 玉 兰 萍 红 鹏 "
        "辉 建 国 文 斌 宇 浩 凯 健 俊 帆 帅 旭 宁 龙 林 欣 晨 雪 琳 晶 婷 颖 倩 璐 佳 嘉 子 梓 "
        "涵 轩 博 睿 思 雨 欢 悦 诗 一 可 心 怡 泽 昊 然 晓 海 波 志 春 燕 丹 莉 亮 成 荣 新 飞 "
        "慧 巧 美 琪 瑶 蕾 薇 婧 楠 彬 坤 峰 毅 锋 鑫 磊 骏 晖 炜 铭");
    return values;
}

const QList<DemoCity> &DemoData::cities()
{
    static const QList<DemoCity> values = [] {
        const char *rows[][3] = {
            {"北京", "10", "华北"},  {"上海", "21", "华东"},  {"广州", "20", "华南"},
            {"深圳", "755", "华南"}, {"杭州", "571", "华东"}, {"南京", "25", "华东"},
            {"成都", "28", "西南"},  {"武汉", "27", "华中"},  {"西安", "29", "西北"},
            {"苏州", "512", "华东"}, {"天津", "22", "华北"},  {"重庆", "23", "西南"},
            {"长沙", "731", "华中"}, {"郑州", "371", "华中"}, {"青岛", "532", "华东"},
            {"厦门", "592", "华南"}, {"合肥", "551", "华东"}, {"宁波", "574", "华东"},
            {"济南", "531", "华东"}, {"沈阳", "24", "东北"},  {"大连", "411", "东北"},
            {"东莞", "769", "华南"}, {"佛山", "757", "华南"}, {"昆明", "871", "西南"},
        };
        QList<DemoCity> out;
        for (const auto &row : rows)
            out.append({QString::fromUtf8(row[0]), QString::fromUtf8(row[1]), QString::fromUtf8(row[2])});
        return out;
    }();
    return values;
}

const QList<DemoIndustry> &DemoData::industries()
{
    static const QList<DemoIndustry> values = {
        {QStringLiteral("制造业"), split("机械制造 精密制造 电子科技 新材料 汽车配件 智能装备"), 22},
        {QStringLiteral("零售电商"), split("电子商务 商贸 供应链 连锁超市 网络科技"), 16},
        {QStringLiteral("教育培训"), split("教育科技 培训学校 文化传播 职业教育"), 12},
        {QStringLiteral("医疗健康"), split("医疗器械 健康管理 生物科技 医药"), 10},
        {QStringLiteral("金融服务"), split("投资咨询 融资租赁 保险代理 财务咨询"), 8},
        {QStringLiteral("房地产"), split("置业 房地产开发 物业管理 建筑装饰"), 8},
        {QStringLiteral("物流运输"), split("物流 国际货运 快运 仓储服务"), 9},
        {QStringLiteral("互联网"), split("网络科技 信息技术 软件 数据科技"), 9},
        {QStringLiteral("餐饮连锁"), split("餐饮管理 食品 餐饮连锁"), 6},
    };
    return values;
}

const QStringList &DemoData::brandNames()
{
    static const QStringList values = split(
        "星河 华信 恒通 东方 金石 瑞丰 鼎盛 博远 中联 天润 海纳 九州 万达 蓝海 启明 远航 汇通 "
        "嘉禾 安泰 宏图 联创 卓越 新锐 凯旋 长青 盛世 同舟 和信 智远 云帆 华夏 睿达 德邦 信达 "
        "光明 锦程 正源 永泰 万象 鑫源");
    return values;
}

const QStringList &DemoData::brandPinyin()
{
    static const QStringList values = split(
        "xinghe huaxin hengtong dongfang jinshi ruifeng dingsheng boyuan zhonglian tianrun haina "
        "jiuzhou wanda lanhai qiming yuanhang huitong jiahe antai hongtu lianchuang zhuoyue xinrui "
        "kaixuan changqing shengshi tongzhou hexin zhiyuan yunfan huaxia ruida debang xinda "
        "guangming jincheng zhengyuan yongtai wanxiang xinyuan");
    return values;
}

const QStringList &DemoData::sources()
{
    static const QStringList values = split("官网注册 展会名片 代理商推荐 老客户转介绍 搜索引擎 电话陌拜 线上广告");
    return values;
}

const QList<int> &DemoData::sourceWeights()
{
    static const QList<int> values = {24, 12, 10, 8, 18, 14, 14};
    return values;
}

const QStringList &DemoData::titles()
{
    static const QStringList values = split(
        "总经理 副总经理 IT经理 信息部主管 行政经理 销售总监 运营总监 采购经理 财务经理 人事经理 "
        "技术总监 CTO 办公室主任 项目经理 客服主管");
    return values;
}

const QStringList &DemoData::tags()
{
    static const QStringList values = split(
        "重点客户 中期培育 预算已批 需要演示 竞品在用 决策人已接触 年底采购 试用中 多分支机构 续费关注");
    return values;
}

const QList<DemoPerson> &DemoData::agents()
{
    static const QList<DemoPerson> values = {
        {QStringLiteral("张伟"), QStringLiteral("zhangwei")},   {QStringLiteral("王芳"), QStringLiteral("wangfang")},
        {QStringLiteral("李娜"), QStringLiteral("lina")},       {QStringLiteral("刘洋"), QStringLiteral("liuyang")},
        {QStringLiteral("陈静"), QStringLiteral("chenjing")},   {QStringLiteral("杨磊"), QStringLiteral("yanglei")},
        {QStringLiteral("赵敏"), QStringLiteral("zhaomin")},    {QStringLiteral("黄强"), QStringLiteral("huangqiang")},
        {QStringLiteral("周杰"), QStringLiteral("zhoujie")},    {QStringLiteral("吴霞"), QStringLiteral("wuxia")},
        {QStringLiteral("徐涛"), QStringLiteral("xutao")},      {QStringLiteral("孙丽"), QStringLiteral("sunli")},
        {QStringLiteral("马超"), QStringLiteral("machao")},     {QStringLiteral("朱琳"), QStringLiteral("zhulin")},
        {QStringLiteral("胡斌"), QStringLiteral("hubin")},      {QStringLiteral("郭婷"), QStringLiteral("guoting")},
        {QStringLiteral("罗鹏"), QStringLiteral("luopeng")},    {QStringLiteral("梁雪"), QStringLiteral("liangxue")},
    };
    return values;
}

const QList<DemoPerson> &DemoData::supervisors()
{
    static const QList<DemoPerson> values = {
        {QStringLiteral("郑海燕"), QStringLiteral("zhenghaiyan")},
        {QStringLiteral("何建国"), QStringLiteral("hejianguo")},
        {QStringLiteral("高雪梅"), QStringLiteral("gaoxuemei")},
    };
    return values;
}

const QStringList &DemoData::teamNames()
{
    static const QStringList values = split("华东销售一组 华南销售二组 华北销售三组");
    return values;
}

const QStringList &DemoData::connectNotes()
{
    static const QStringList values = lines({
        "客户目前用Excel管理客户，跟进记录经常丢，对公海和自动回收很感兴趣。",
        "对方IT经理关注私有化部署和数据安全，需要提供等保三级材料。",
        "客户在用竞品，合同年底到期，愿意对比一下价格和功能。",
        "老板亲自接的电话，关心销售过程管理和业绩看板。",
        "客户觉得价格偏高，希望按坐席数给阶梯优惠。",
        "已演示移动端审批和外勤打卡，客户反馈不错。",
        "对方说暂时没有预算，明年一季度再考虑。",
        "客户有三个分公司，需要多组织架构和数据权限隔离。",
        "沟通了与企业微信、钉钉的集成方式，客户比较满意。",
        "客户担心员工不愿意用，讲了上线培训和客户成功服务。",
        "确认了试用账号已开通，客户团队本周内试用。",
        "客户要求发一份同行业案例和报价单到邮箱。",
        "决策人出差，下周回来后安排线上会议。",
        "客户对通话录音和质检功能很感兴趣。",
        "讨论了合同条款和付款方式，客户倾向年付。",
        "客户反馈试用期间导入数据遇到编码问题，已协助解决。",
    });
    return values;
}

const QStringList &DemoData::nextSteps()
{
    static const QStringList values = lines({
        "约下周二下午线上演示。", "发送产品资料和报价单。", "三天后回访确认试用情况。",
        "等客户内部评估后再联系。", "安排售前工程师对接技术问题。", "下周一前发合同草稿。",
        "邀请参加本月的线上产品发布会。", "月底再跟进预算审批进度。",
    });
    return values;
}

const QStringList &DemoData::freeNotes()
{
    static const QStringList values = lines({
        "客户公司约80人，销售团队25人，主要做华东市场。",
        "前台转接比较难，建议直接打采购经理手机。",
        "客户偏好微信沟通，电话时间尽量安排在上午。",
        "对方去年评估过两家竞品，因实施周期太长没有采购。",
        "客户老板比较看重数据安全，沟通时多强调本地缓存和权限控制。",
        "已加客户微信，资料通过微信发送。",
        "客户下属门店20家，后续可能扩展到全部门店。",
    });
    return values;
}

const QStringList &DemoData::todoTitles()
{
    static const QStringList values = lines({
        "回访试用情况", "发送报价单", "确认演示时间", "跟进合同审批", "回电：客户要求再联系",
        "邀约参加产品发布会", "确认预算审批进度", "发送同行业成功案例", "安排售前技术交流",
    });
    return values;
}

const QStringList &DemoData::lossReasons()
{
    static const QStringList values = lines({
        "预算不足，项目取消。", "已选择竞品。", "需求变化，暂不采购。", "联系不上决策人。",
    });
    return values;
}

} // namespace Leadline
