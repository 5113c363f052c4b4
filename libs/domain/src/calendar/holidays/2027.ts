import { YearCalendar } from '../year-calendar.types';

/**
 * PROVISIONAL — replace with the State Council's 2027 holiday notice (国务院办公厅关于2027年部分
 * 节假日安排的通知, usually published in November of the preceding year) as soon as it is out, and
 * switch status to 'official'.
 *
 * Until then this lists only the statutory days of 全国年节及纪念日放假办法 (2024 revision: 元旦 1,
 * 春节 4 from 除夕, 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3), with no bridging days and no make-up
 * workdays, so a deadline computed into 2027 may move when the notice is transcribed.
 *
 * Lunar dates: 正月初一 is Sat 2027-02-06 because the new moon (the annular eclipse of that day)
 * is at about 15:56 UTC = 23:56 Beijing time on 02-06; 除夕 is therefore Fri 02-05. Beware: ICU's
 * Chinese calendar (Intl in Node) puts 正月初一 on 02-07, its ephemeris landing just after
 * midnight. 清明 (solar longitude 15°) is Mon 04-05, 端午 (五月初五) Wed 06-09, 中秋 (八月十五)
 * Wed 09-15.
 */
export const calendar2027: YearCalendar = {
  year: 2027,
  status: 'provisional',
  source:
    '全国年节及纪念日放假办法 (2024 revision), statutory days only; awaiting 国务院办公厅关于2027年部分节假日安排的通知',
  holidays: [
    { date: '2027-01-01', name: '元旦' },
    { date: '2027-02-05', name: '春节 (除夕)' },
    { date: '2027-02-06', name: '春节 (正月初一)' },
    { date: '2027-02-07', name: '春节 (正月初二)' },
    { date: '2027-02-08', name: '春节 (正月初三)' },
    { date: '2027-04-05', name: '清明节' },
    { date: '2027-05-01', name: '劳动节' },
    { date: '2027-05-02', name: '劳动节' },
    { date: '2027-06-09', name: '端午节' },
    { date: '2027-09-15', name: '中秋节' },
    { date: '2027-10-01', name: '国庆节' },
    { date: '2027-10-02', name: '国庆节' },
    { date: '2027-10-03', name: '国庆节' },
  ],
  makeUpWorkdays: [],
};
