#include "scoreweights.h"

namespace Leadline {

ScoreWeights ScoreWeights::defaults()
{
    ScoreWeights w;
    w.industry = {{QStringLiteral("制造业"), 20}, {QStringLiteral("教育"), 15},
                  {QStringLiteral("零售"), 10},   {QStringLiteral("医疗"), 15},
                  {QStringLiteral("金融"), 15},   {QStringLiteral("物流"), 10}};
    w.region = {{QStringLiteral("上海"), 5},
                {QStringLiteral("江苏"), 5},
                {QStringLiteral("浙江"), 5},
                {QStringLiteral("北京"), 5},
                {QStringLiteral("广东"), 5}};
    w.title = {{QStringLiteral("总"), 10},
               {QStringLiteral("经理"), 8},
               {QStringLiteral("主管"), 5},
               {QStringLiteral("采购"), 6}};
    w.intent = {{QStringLiteral("高"), 30}, {QStringLiteral("中"), 15}, {QStringLiteral("低"), 5}};
    w.stage = {{QStringLiteral("需求沟通"), 5},
               {QStringLiteral("方案提供"), 10},
               {QStringLiteral("报价阶段"), 15},
               {QStringLiteral("待签约"), 20}};
    return w;
}

} // namespace Leadline
