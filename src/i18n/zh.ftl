# 中文消息。与 en.ftl 的 id 与变量一一对应（有测试检查）；key- 与 context- 开头的是按键表的说明。
test-steps = { $count } 步

## 开始卡片
card-no-summary = 这一课没有简介。
card-intro = 逐个查看训练中的每一个数（网络 { $widths }，{ $epochs } 轮，{ $samples } 个样本），每个数都附有它的公式：
card-z = 神经元的加权输入：z = { $sum }w{ $dot }a + b
card-a = 它的激活值 a = f(z)，即传给下一层的值
card-delta = 它的误差项 { $d }L/{ $d }z：损失随 z 的变化
card-next = 下一步
card-every-key = 全部按键
card-quit = 退出
card-quiz = 测验：输入每个值，按 Enter 检查；按 s 显示答案（不计分）。
card-begin = 按任意键开始；按 i 再次显示此卡片。
card-cut = { $ellipsis }（简介在课程文件中还有下文）

## 按键表（英文在按键表本身中；id 由英文生成）。
key-a-later-name-gone-to = 较新的已跳转名称
key-a-page-down = 下翻一页
key-a-page-up = 上翻一页
key-an-earlier-name-gone-to = 较早的已跳转名称
key-answer = 作答
key-back = 后退
key-back-one-step = 后退一步
key-back-to-where-the-last-jump-started = 回到上次跳转的起点
key-begins = 开始
key-begins-the-lesson = 开始本课
key-cancel = 取消
key-check = 检查
key-check-the-answer = 检查答案
key-choose = 选择
key-choose-the-next-lesson = 选择下一课
key-choose-the-previous-lesson = 选择上一课
key-clear = 清除
key-clear-the-answer = 清除答案
key-clear-the-filter = 清除筛选
key-close = 关闭
key-complete = 补全
key-complete-the-name = 补全名称
key-delete-a-character = 删除一个字符
key-digits-e-3-5e-5 = 数字 - . e（3.5e-5）
key-e-g-delta-1-2-2 = 例如 delta(1)[2]@2
key-epoch = 轮次
key-export = 导出
key-export-to-markdown = 导出为 Markdown
key-filter = 筛选
key-filter-the-lessons-by-name-or-title = 按名称或标题筛选课程
key-first-nan-or-infinity = 第一个 NaN 或无穷大
key-first-step-of-epoch = 本轮第一步
key-focus-the-previous-panel = 聚焦上一个面板
key-go = 前往
key-go-to = 跳转
key-go-to-a-step-by-name = 按名称跳转到某一步
key-go-to-the-step = 跳转到该步
key-help = 帮助
key-help-all-keys = 帮助：全部按键
key-hint-step-by-step = 提示，逐级给出
key-last-step-of-epoch = 本轮最后一步
key-leave = 离开
key-leave-the-score-is-printed = 离开（打印得分）
key-matrix = 矩阵
key-matrix-view-on-off = 矩阵视图开 / 关
key-next = 下一步
key-next-phase = 下一阶段
key-next-step = 下一步
key-note = 注释
key-note-for-this-phase = 本阶段的注释
key-open = 打开
key-open-the-lesson = 打开课程
key-page = 翻页
key-panels = 面板
key-panels-focus-the-next-to-scroll-it = 面板：聚焦下一个以滚动它
key-part-of-a-name-or-title = 名称或标题的一部分
key-phase = 阶段
key-previous-epoch = 上一轮
key-previous-phase = 上一阶段
key-quit = 退出
key-quiz-off = 结束测验
key-quiz-off-the-score = 结束测验：显示得分
key-quiz-hide-values = 测验：隐藏数值
key-same-step-next-epoch = 同一步，下一轮
key-same-step-next-sample-or-batch = 同一步，下一个样本（或批量）
key-same-step-previous-sample-or-batch = 同一步，上一个样本（或批量）
key-sample = 样本
key-scroll = 滚动
key-scroll-a-page-down = 向下滚动一页
key-scroll-a-page-up = 向上滚动一页
key-scroll-down = 向下滚动
key-scroll-the-focused-panel-or-parameters = 滚动聚焦的面板或参数
key-scroll-up = 向上滚动
key-skip = 跳过
key-skip-show-unscored = 跳过：显示答案，不计分
key-stay = 留下
key-stay-in-the-quiz = 留在测验中
key-suspend-fg-resumes = 挂起（fg 恢复）
key-the-first-lesson = 第一课
key-the-last-lesson = 最后一课
key-the-lesson-s-start-card-summary-z-a = 本课的开始卡片（简介，z a δ）
key-the-next-lesson-shown = 显示的下一课
key-the-previous-lesson-shown = 显示的上一课
key-to-the-bottom = 到底部
key-to-the-top = 到顶部
key-type-your-answer = 输入你的答案
key-unfocus = 取消聚焦
key-unfocus-let-go-of-the-panel = 取消聚焦：放开面板
context-a-panel-focused-tab = 聚焦面板（Tab）
context-any-screen = 任何界面
context-choosing-a-lesson = 选择课程
context-filtering-the-lessons-after = 筛选课程（按 / 后）
context-go-to-after-n-sample-n = 跳转（按 : 后），@N：第 N 个样本
context-help-and-notes = 帮助与注释
context-leaving-a-quiz = 离开测验
context-quiz-values-hidden = 测验（数值隐藏）
context-stepping = 逐步查看
context-the-start-card = 开始卡片
context-typing-an-answer = 输入答案

## 底部的跳转提示
goto-prompt = {"跳转到："}
goto-usage = Enter 前往，Tab 补全，↑ 较早的，Esc 取消；例如 delta(1)[2]、loss@2

## 顶部标题行
header-epoch = 第 { $n }/{ $of } 轮
header-sample = 样本 { $n }/{ $of }
header-batch = 批量 { $n }/{ $of }
header-step = 第 { $n }/{ $of } 步
header-infinity = 无穷大
header-diverges = {" "}第 { $epoch } 轮出现 { $value }：按 !{" "}
phase-forward = 前向传播
phase-loss = 损失
phase-backward = 反向传播
phase-update = 更新

## 面板
panel-formula = 公式

## 测验
quiz-header = 测验 { $right }/{ $answered } 正确
quiz-line = { $right } 正确，{ $wrong } 错误，{ $carried } 沿用，{ $imprecise } 不够精确，{ $skipped } 跳过
quiz-none = 测验：没有作答任何一步
quiz-summary = 测验：{ $asked } 步中答对 { $right } 步（{ $line }）
quiz-and = {"、"}
quiz-carried-from = 由你的 { $from } 推出
quiz-not-a-number = `{ $text }` 不是数：请写成 0.5933、-0.02 或 3.5e-5 这样（Esc 清除）
quiz-already-shown = 这个值已经显示了
quiz-type = {"  输入数值（Enter 检查，s 显示答案）"}
quiz-typing = {"  Enter 检查，Esc 清除"}
quiz-your = {" 你的 "}{ $text }{"："}
quiz-skipped = {" 已显示，不计分"}
verdict-right = 正确
verdict-wrong = 错误
verdict-carried = 沿用
verdict-imprecise = 不够精确

## 测验小结与离开前的确认
summary-right = 正确
summary-right-means = 按你写的位数正确，精度足够
summary-wrong = 错误
summary-wrong-means = {""}
summary-carried = 沿用
summary-carried-means = 错了，但由你自己先前的答案推出是对的
summary-imprecise = 不够精确
summary-imprecise-means = 按你写的位数正确，但位数太少
summary-skipped = 跳过
summary-skipped-means = 未作答直接显示
summary-keys = Esc 关闭（之后按 Q 重新开始测验，答案保留）；q 退出
summary-title = 测验小结{ $sep }已答 { $answered } 步
leave-answered = 你已经作答了 { $answered } 步（{ $line }）。
leave-ends = 离开即结束测验；得分会打印在终端里。
leave-yes = {" 或 q 或 Enter：离开    "}
leave-other = {" 其他任意键 "}
leave-stay = {" 留下"}
leave-title = 离开测验？

## 面板标题与滚动
panel-network = 网络
panel-notes = 注释
panel-matrix = 矩阵形式
panel-params = 参数
panel-loss = 损失
panel-focused = {" "}{ $arrows } PgUp PgDn 滚动{ $sep }Esc{" "}
panel-rows = {" "}第 { $first }-{ $last } 行，共 { $all } 行 { $arrows }{" "}
network-sample = 样本 { $n }
network-last-of-batch = 样本 { $n }，批量 { $batch } 的最后一个
network-layers = 第 { $first } 到 { $last } 层（共 { $from } 到 { $depth } 层）
notes-none = 这一课没有{ $phase }阶段的注释。
notes-overlay = 注释{ $sep }{ $phase }（Esc 关闭）
matrix-layer = 第 { $layer } 层
matrix-update-of-layer = 第 { $layer } 层的更新
help-title = 按键{ $sep }按 Esc 或 ? 关闭
help-rows = {" "}{ $arrows } PgUp PgDn{ $sep }第 { $first }-{ $last } 行，共 { $all } 行{" "}
picker-matching = 匹配 `{ $filter }`{ $cursor } 的课程（{ $all } 课中的 { $shown } 课；Enter 打开，Esc 清除）
picker-choose = 选择一课（Enter 打开，/ 筛选）
picker-none = 没有内置课程。
picker-no-match = 没有课程的名称或标题包含它：按 Backspace 或 Esc。
