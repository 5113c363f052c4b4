import type { IndustryGroup } from './synthetic-industry.const';

/**
 * The words of synthetic names and payloads. Plausible Chinese register text, so that screens and
 * exports built on the data look like the real thing; none of it refers to a real enterprise.
 */

// Characters of trade names (字号); two of them give 3,600 names per city and trade.
export const BRAND_CHARACTERS: readonly string[] = Array.from(
  '鑫华恒盛泰祥瑞宏兴达信诚和顺丰源通联安康嘉元佳美优创博汇宇天远金银海山星辰阳光新福德正永长益邦凯升荣豪晨润亿众合卓越锦茂',
);

export const PENALTY_ITEMS: Record<IndustryGroup, readonly string[]> = {
  food: [
    '经营超过保质期的食品',
    '未按规定查验供货者许可证和食品合格证明文件',
    '从业人员未取得健康证明从事接触直接入口食品的工作',
    '经营标签不符合规定的预包装食品',
    '食品经营场所卫生条件不符合要求',
  ],
  drug: ['未按规定储存药品', '销售劣药', '未凭处方销售处方药', '未按规定建立药品购销记录'],
  cosmetics: ['生产不符合强制性国家标准的化妆品', '化妆品标签不符合规定', '未按规定备案即生产化妆品'],
  online: [
    '虚构交易、编造用户评价',
    '未公示营业执照信息',
    '对商品作虚假或者引人误解的商业宣传',
    '擅自删除消费者评价',
  ],
  general: [
    '未明码标价',
    '作虚假或者引人误解的商业宣传',
    '销售不合格产品',
    '未按规定办理变更登记',
    '使用不合格计量器具',
  ],
};

export const LICENCE_TYPES: Record<IndustryGroup, readonly (readonly [type: string, prefix: string])[]> = {
  food: [
    ['食品经营许可证', 'JY1'],
    ['食品生产许可证', 'SC1'],
  ],
  drug: [['药品经营许可证', 'YJ']],
  cosmetics: [['化妆品生产许可证', 'HZ']],
  online: [['增值电信业务经营许可证', 'B2-2']],
  general: [
    ['工业产品生产许可证', 'XK'],
    ['特种设备使用登记证', 'TS'],
  ],
};

export const SPOT_CHECK_ITEMS: Record<IndustryGroup, readonly (readonly string[])[]> = {
  food: [['食品安全'], ['食品安全', '标签标识'], ['经营场所卫生', '进货查验记录']],
  drug: [['药品质量'], ['药品经营质量管理规范']],
  cosmetics: [['化妆品质量'], ['化妆品标签标识']],
  online: [['网络交易经营者信息公示'], ['网络交易经营者信息公示', '用户评价管理']],
  general: [['登记事项'], ['公示信息'], ['产品质量'], ['价格行为', '广告发布']],
};

export const SPOT_CHECK_FINDINGS: readonly string[] = [
  '部分检查项目不符合要求，已责令限期整改',
  '抽检样品不合格，已立案调查',
  '公示信息与实际情况不符',
  '未能提供相关记录',
];

export const COMPLAINT_CATEGORIES: Record<IndustryGroup, readonly string[]> = {
  food: ['食品安全', '服务质量', '价格', '预付式消费'],
  drug: ['药品质量', '价格', '服务质量'],
  cosmetics: ['产品质量', '虚假宣传', '售后服务'],
  online: ['售后服务', '虚假宣传', '网络购物', '个人信息保护'],
  general: ['产品质量', '合同纠纷', '价格', '售后服务', '预付式消费'],
};

export const COMPLAINT_CHANNELS: readonly string[] = ['全国12315平台', '12315热线', '12345热线', '来信来访'];

export const COMPLAINT_SUMMARIES: readonly string[] = [
  '消费者反映商品与描述不符，要求退货退款',
  '消费者反映商家拒绝履行承诺',
  '消费者反映价格标示不清，结算价格高于标价',
  '消费者反映预付卡余额无法退还',
  '消费者反映售后服务不到位',
];

export const MONITORING: readonly (readonly [system: string, indicator: string, summary: string])[] = [
  ['网络交易监测平台', '虚假宣传', '监测发现商品详情页含绝对化用语'],
  ['网络交易监测平台', '刷单炒信', '店铺评价数量短期内异常增长'],
  ['企业信用监管系统', '登记信息异常', '登记住所与实际经营地不符'],
  ['企业信用监管系统', '经营异常预警', '多次逾期未报送年度报告'],
  ['广告监测系统', '违法广告', '发布含有违禁内容的广告'],
];

export const OPINION_OUTLETS: readonly string[] = [
  '地方新闻网',
  '微博',
  '微信公众号',
  '短视频平台',
  '消费维权论坛',
];

export const OPINION_SUMMARIES: readonly string[] = [
  '网络曝光门店卫生问题',
  '消费者集中反映退款难',
  '媒体报道产品质量问题',
  '网民质疑广告宣传内容',
];

export const PLATFORM_EVIDENCE: readonly string[] = [
  '多名平台内经营者反映被要求停止在其他平台经营',
  '同一商品对不同用户展示不同价格',
  '促销期间大量商品以低于成本价销售',
  '与上游供应商约定转售最低价格',
  '收购同业经营者股权未依法申报',
];

export const COMMENDATIONS: readonly (readonly [title: string, level: string])[] = [
  ['守合同重信用企业', 'provincial'],
  ['守合同重信用企业', 'municipal'],
  ['诚信经营示范单位', 'county'],
  ['放心消费示范单位', 'municipal'],
  ['质量标杆企业', 'provincial'],
  ['全国守合同重信用企业', 'national'],
];

export const SERIOUS_LISTING_REASONS: readonly string[] = [
  '因严重违法行为受到较重行政处罚，情节严重',
  '被列入经营异常名录届满三年仍未履行相关义务',
  '提交虚假材料取得登记，情节严重',
  '生产销售不符合食品安全标准的食品，性质恶劣',
];
