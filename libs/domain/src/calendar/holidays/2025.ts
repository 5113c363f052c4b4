import { YearCalendar } from '../year-calendar.types';

/**
 * Transcribed from 国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号, 2024-11-12),
 * the first notice under the 2024 revision of 全国年节及纪念日放假办法 (春节 and 劳动节 +1 day each).
 */
export const calendar2025: YearCalendar = {
  year: 2025,
  status: 'official',
  source: '国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号, 2024-11-12)',
  holidays: [
    { date: '2025-01-01', name: '元旦' },
    { date: '2025-01-28', name: '春节' },
    { date: '2025-01-29', name: '春节' },
    { date: '2025-01-30', name: '春节' },
    { date: '2025-01-31', name: '春节' },
    { date: '2025-02-01', name: '春节' },
    { date: '2025-02-02', name: '春节' },
    { date: '2025-02-03', name: '春节' },
    { date: '2025-02-04', name: '春节' },
    { date: '2025-04-04', name: '清明节' },
    { date: '2025-04-05', name: '清明节' },
    { date: '2025-04-06', name: '清明节' },
    { date: '2025-05-01', name: '劳动节' },
    { date: '2025-05-02', name: '劳动节' },
    { date: '2025-05-03', name: '劳动节' },
    { date: '2025-05-04', name: '劳动节' },
    { date: '2025-05-05', name: '劳动节' },
    { date: '2025-05-31', name: '端午节' },
    { date: '2025-06-01', name: '端午节' },
    { date: '2025-06-02', name: '端午节' },
    { date: '2025-10-01', name: '国庆节、中秋节' },
    { date: '2025-10-02', name: '国庆节、中秋节' },
    { date: '2025-10-03', name: '国庆节、中秋节' },
    { date: '2025-10-04', name: '国庆节、中秋节' },
    { date: '2025-10-05', name: '国庆节、中秋节' },
    { date: '2025-10-06', name: '国庆节、中秋节' },
    { date: '2025-10-07', name: '国庆节、中秋节' },
    { date: '2025-10-08', name: '国庆节、中秋节' },
  ],
  makeUpWorkdays: [
    { date: '2025-01-26', name: '春节调休上班' }, // Sunday
    { date: '2025-02-08', name: '春节调休上班' }, // Saturday
    { date: '2025-04-27', name: '劳动节调休上班' }, // Sunday
    { date: '2025-09-28', name: '国庆节、中秋节调休上班' }, // Sunday
    { date: '2025-10-11', name: '国庆节、中秋节调休上班' }, // Saturday
  ],
};
