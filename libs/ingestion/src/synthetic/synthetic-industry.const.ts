import { WeightedTable } from './weighted-table.util';

/** Which penalty items, licences and complaint topics fit an industry. */
export type IndustryGroup = 'food' | 'drug' | 'cosmetics' | 'online' | 'general';

/** A GB/T 4754-2017 class with what the generator needs to make its enterprises look plausible. */
export interface SyntheticIndustry {
  code: string;
  /** Business word of enterprise names, e.g. '餐饮管理'. */
  word: string;
  group: IndustryGroup;
  /** Tags every enterprise of the class carries (DOMAIN.md sector rules key on 'food'). */
  tags: readonly string[];
  /** Relative complaint exposure: consumer-facing trades hear from consumers, factories rarely. */
  exposure: number;
}

type Row = readonly [code: string, word: string, group: IndustryGroup, exposure: number, weight: number];

const tagsOf = (group: IndustryGroup): readonly string[] =>
  group === 'food' || group === 'drug' || group === 'cosmetics' ? [group] : [];

const table = (rows: readonly Row[]): WeightedTable<SyntheticIndustry> =>
  new WeightedTable(
    rows.map(([code, word, group, exposure]) => ({ code, word, group, tags: tagsOf(group), exposure })),
    rows.map((row) => row[4]),
  );

// Ordinary enterprises: retail, food service and manufacturing are the bulk, as in a real register.
export const INDUSTRY_TABLE = table([
  ['F5211', '百货', 'general', 1.3, 55],
  ['F5212', '超市', 'food', 1.5, 35],
  ['F5223', '果蔬', 'food', 1.0, 40],
  ['F5271', '大药房', 'drug', 1.2, 35],
  ['F5292', '电子商务', 'online', 1.8, 55],
  ['F5261', '汽车销售', 'general', 1.4, 20],
  ['F5191', '商贸', 'general', 0.5, 60],
  ['F5165', '建材', 'general', 0.4, 25],
  ['F5127', '酒业', 'food', 0.5, 15],
  ['H6210', '餐饮管理', 'food', 1.5, 80],
  ['H6220', '快餐', 'food', 1.3, 50],
  ['H6232', '咖啡', 'food', 1.0, 15],
  ['H6110', '酒店管理', 'general', 1.2, 25],
  ['C1431', '食品', 'food', 0.5, 35],
  ['C1352', '肉类加工', 'food', 0.4, 15],
  ['C2682', '化妆品', 'cosmetics', 0.6, 15],
  ['C2710', '药业', 'drug', 0.3, 8],
  ['C3670', '汽车零部件', 'general', 0.2, 30],
  ['C1810', '服饰', 'general', 0.3, 35],
  ['C2927', '塑料制品', 'general', 0.2, 20],
  ['C3981', '电子', 'general', 0.2, 25],
  ['G5430', '物流', 'general', 0.8, 30],
  ['E4790', '建设工程', 'general', 0.6, 30],
  ['K7020', '物业服务', 'general', 1.4, 25],
  ['L7212', '投资管理', 'general', 0.3, 20],
  ['L7259', '广告', 'general', 0.5, 20],
  ['M7320', '技术研究', 'general', 0.1, 15],
  ['O8040', '美容美发', 'general', 1.5, 25],
  ['O8051', '洗浴', 'general', 1.2, 10],
  ['R8710', '文化传媒', 'general', 0.4, 12],
  ['I6513', '软件', 'online', 0.3, 25],
  ['I6432', '网络科技', 'online', 1.0, 10],
  ['I6450', '数据科技', 'online', 0.2, 8],
]);

// New business forms (新产业新业态新商业模式): internet platforms, software, IoT, data services.
export const NEW_BUSINESS_FORM_TABLE = table([
  ['I6513', '智能科技', 'online', 0.5, 30],
  ['I6531', '无人配送科技', 'online', 0.8, 15],
  ['I6532', '物联网科技', 'online', 0.4, 15],
  ['I6450', '数字科技', 'online', 0.3, 15],
  ['I6432', '共享科技', 'online', 1.2, 15],
  ['I6422', '互动娱乐', 'online', 1.0, 10],
]);

// Platforms: life-service, production-service and retail platforms.
export const PLATFORM_TABLE = table([
  ['I6432', '网络平台', 'online', 1, 50],
  ['I6431', '产业互联网', 'online', 1, 20],
  ['F5292', '电子商务', 'online', 1, 30],
]);
