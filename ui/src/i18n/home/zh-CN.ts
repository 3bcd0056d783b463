// 登录后的首页、首次设置的步骤、应用自己的对话框、手机菜单和电话提示。Spread into ../lang/zh-CN.ts.
import type { HomeMessages } from './en';

export const homeZh: HomeMessages = {
  'nav.home': '首页',
  'nav.menu': '菜单',
  'home.title': '今天',
  'home.search': '查找客户',
  'home.searchHint': '姓名、部分电话号码或客户编号。',
  'home.searchButton': '搜索',
  'home.actions': '快捷操作',
  'home.sendSms': '发送短信',
  'home.unreadSms': '未读短信',
  'home.callsToReturn': '待回电话',
  'home.lastCopies': '最近的存储卡拷贝',
  'home.noCopies': '还没有拷贝过存储卡。',
  'home.copyLine': '{name}：{outcome}',
  'home.box': '设备',
  'home.remindersToday': '今日提醒',
  'home.noReminders': '今天没有需要提醒的事项。',
  'home.seeAll': '查看全部',
  'home.diskLine': '{disk}：{state}',

  'setup.step': '第 {n} 步，共 {total} 步',
  'setup.stepStudio': '您的工作室',
  'setup.stepRegion': '地区',
  'setup.next': '下一步',
  'setup.nameRequired': '请填写工作室名称。',
  'setup.usernameRequired': '请选择用户名。',
  'setup.displayNameRequired': '请填写显示给他人的名称。',

  'dialog.reason': '原因',
  'dialog.reasonRequired': '请说明原因：原因会记录在审计日志中。',
  'cards.indicator': '已插入存储卡',
  'cards.indicatorN': '已插入 {n} 张存储卡',
  'cards.ejected': '可以安全取出存储卡了。',

  'phone.foreign': '这是{country}的号码吗？请输入 {intl}。',
  'phone.useForeign': '使用此号码',
};
