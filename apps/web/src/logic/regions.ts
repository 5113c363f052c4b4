// Province-level divisions (GB/T 2260) and industry sections (GB/T 4754-2017) for the breakdowns
// of the dashboard: labels only, no regulatory number.

export const PROVINCES: [code: string, zh: string, en: string][] = [
  ['11', '北京', 'Beijing'],
  ['12', '天津', 'Tianjin'],
  ['13', '河北', 'Hebei'],
  ['14', '山西', 'Shanxi'],
  ['15', '内蒙古', 'Inner Mongolia'],
  ['21', '辽宁', 'Liaoning'],
  ['22', '吉林', 'Jilin'],
  ['23', '黑龙江', 'Heilongjiang'],
  ['31', '上海', 'Shanghai'],
  ['32', '江苏', 'Jiangsu'],
  ['33', '浙江', 'Zhejiang'],
  ['34', '安徽', 'Anhui'],
  ['35', '福建', 'Fujian'],
  ['36', '江西', 'Jiangxi'],
  ['37', '山东', 'Shandong'],
  ['41', '河南', 'Henan'],
  ['42', '湖北', 'Hubei'],
  ['43', '湖南', 'Hunan'],
  ['44', '广东', 'Guangdong'],
  ['45', '广西', 'Guangxi'],
  ['46', '海南', 'Hainan'],
  ['50', '重庆', 'Chongqing'],
  ['51', '四川', 'Sichuan'],
  ['52', '贵州', 'Guizhou'],
  ['53', '云南', 'Yunnan'],
  ['54', '西藏', 'Tibet'],
  ['61', '陕西', 'Shaanxi'],
  ['62', '甘肃', 'Gansu'],
  ['63', '青海', 'Qinghai'],
  ['64', '宁夏', 'Ningxia'],
  ['65', '新疆', 'Xinjiang'],
];

export const INDUSTRY_SECTIONS: [code: string, zh: string, en: string][] = [
  ['A', '农林牧渔业', 'Agriculture'],
  ['B', '采矿业', 'Mining'],
  ['C', '制造业', 'Manufacturing'],
  ['D', '电力热力燃气水', 'Utilities'],
  ['E', '建筑业', 'Construction'],
  ['F', '批发和零售业', 'Wholesale and retail'],
  ['G', '交通运输仓储邮政', 'Transport'],
  ['H', '住宿和餐饮业', 'Hotels and catering'],
  ['I', '信息技术服务', 'Information technology'],
  ['J', '金融业', 'Finance'],
  ['K', '房地产业', 'Real estate'],
  ['L', '租赁和商务服务', 'Leasing and business services'],
  ['M', '科学研究和技术服务', 'Research and technical services'],
  ['N', '水利环境公共设施', 'Water and environment'],
  ['O', '居民服务修理', 'Resident services'],
  ['P', '教育', 'Education'],
  ['Q', '卫生和社会工作', 'Health'],
  ['R', '文化体育娱乐', 'Culture and sports'],
  ['S', '公共管理', 'Public administration'],
  ['T', '国际组织', 'International organisations'],
];

/**
 * The level the dashboard breaks its region down by (GET /tiers/summary?groupBy=): provinces for
 * the whole country, then one level below the region asked or the regulator's own regions (its
 * shortest prefix), down to counties.
 */
export function breakdownLevel(regions: string[], filter = ''): 'province' | 'city' | 'county' {
  const prefix =
    filter ||
    (regions.includes('*') ? '' : regions.reduce((a, b) => (b.length < a.length ? b : a), regions[0] ?? ''));
  if (prefix.length < 2) return 'province';
  return prefix.length < 4 ? 'city' : 'county';
}

export function labelOf(list: [string, string, string][], code: string, locale: string): string {
  const found = list.find(([c]) => c === code);
  return found ? `${code} ${locale === 'en' ? found[2] : found[1]}` : code;
}
