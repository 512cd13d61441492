# 中文消息。与 en.ftl 的 id 与变量一一对应（有测试检查）；key- 与 context- 开头的是按键表的说明。
test-steps = { $count } 步

## 开始卡片
card-no-summary = 这一课没有简介。
card-intro = 逐个查看训练中的每一个数（{ $network }，{ $epochs } 轮，{ $samples } 个样本），每个数都附有它的公式：
card-network = 网络 { $widths }
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

## 参数、网络与损失面板
params-frozen = 冻结：从不更新
params-tensor-fixed = { $b } 固定：从不更新
params-and = { $w } 与 { $b }
params-grad = { $both }，样本 { $sample }
params-update = { $both }：旧值 { $arrow } 新值
params-mean = { $both }：批量中 { $samples } 个样本的平均
params-used = 所用的 { $both }
network-input = 输入
network-output = 输出
network-hidden = 隐藏层
network-hidden-n = 隐藏层 { $layer }
network-layer-kind = 第 { $layer } 层，{ $kind }
network-frozen = 冻结
legend-read = 读取
legend-this-weight = 这个权重
legend-thinned = 只画当前神经元的边
legend-brighter = 越亮：|w| 越大（最大 { $max }）{" "}
legend-fainter = 越淡：|w| 越小（最大 { $max }）{" "}
loss-epoch-mean = 第 { $epoch } 轮平均：
loss-not-yet = 尚未计算
loss-sample = 样本 { $n }：

## 按键名
key-space = 空格
key-any-key = 任意键
key-text = 文字

## 命令行帮助（英文在参数的文档注释中；id 由命令与参数名组成）
cli-usage = {"用法："}
cli-heading-arguments = 参数
cli-heading-options = 选项
cli-heading-commands = 命令
cli-about = 让反向传播变得具体的终端教学工具：训练中的每一个数，都附有它的公式。
cli-arg-lesson = 课程文件，或内置课程的名称（见 `bpnn-tutor lessons`）。不给出时从内置课程中选择
cli-arg-ascii = 纯 ASCII 公式，用于不支持 Unicode 的终端
cli-arg-quiz = 测验模式：每个值先隐藏，直到你输入它；Enter 检查（正确、错误，或由你先前的答案沿用）。逐步查看时按 Q 切换
cli-arg-wide_ambiguous = 用于把东亚“宽度不定”字符（δ σ · → 和框线）画成两格宽的终端（许多中文环境如此设置）：边框改用 ASCII，面板保持对齐
cli-arg-lang = 所有消息的语言：en 或 zh（否则按区域设置：LC_ALL、LC_MESSAGES 或 LANG 以 zh 开头时为中文，否则为英文）
cli-arg-help = 显示帮助
cli-arg-version = 显示版本
cli-arg-force = 输出文件已存在时覆盖它
cli-export-about = 把追踪记录（或其一部分）写成 Markdown 或 JSON，或把课程写成一个检查追踪数值的 PyTorch 脚本
cli-export-arg-lesson = 课程文件，或内置课程的名称
cli-export-arg-format = 格式：md（Markdown，给人读）、json（给脚本与笔记本）、pytorch（自检的 PyTorch 脚本）、csv（每步一行，给电子表格）、text（终端纯文本）
cli-export-arg-epoch = 轮次或轮次范围，例如 2 或 1..3（默认：全部）
cli-export-arg-sample = 样本或样本范围，例如 1 或 2..4（默认：全部）
cli-export-arg-output = 输出文件；`-` 表示标准输出（默认：标准输出）
cli-export-arg-ascii = 用纯文本公式代替 LaTeX（仅 Markdown）
cli-export-arg-no_formulas = 不含公式的 JSON（`formula`、`substituted`、`remarks`）：大小只有三分之一或更小
cli-export-arg-quantity = JSON 与 CSV：只输出这些量的步，例如 `dw,db` 或 `loss`
cli-export-arg-layer = JSON 与 CSV：只输出这些层的步，例如 `2` 或 `1,2`
cli-export-arg-step = JSON 与 CSV：只输出这些步（按名称），例如 `--step 'w(2)[1,1]' --step loss`
cli-export-arg-large = 超过有用大小（GitHub 渲染上限 512 KB 的 Markdown，超过 1 GB 的 JSON 或 CSV）时仍然写出，而不是警告后停止
cli-train-about = 不记录地训练：每轮一行，给出平均损失
cli-train-arg-lesson = 课程文件，或内置课程的名称
cli-train-arg-save = 把训练后的参数写成可以从它开始训练的课程文件（参数太多、TOML 放不下时，旁边附 .npy 与 CSV 文件）
cli-train-arg-force = --save 的文件已存在时覆盖它
cli-check-about = 用精确的追踪记录批改手算作业：正确、错误、沿用或不够精确，并指出已知的误解；多份作业（或一个目录）给出全班表格。每个答案都正确时退出码为 0，否则为 1
cli-check-arg-lesson = 课程文件，或内置课程的名称
cli-check-arg-worksheets = 作业：每个数一个 `[[answer]]` 的 TOML 文件（`-` 表示标准输入）、内置作业的名称，或 `.toml` 作业所在的目录。多于一份或给出目录时按全班批改：每份作业一行
cli-check-arg-format = 格式：text（对齐的列，错误答案附公式；多份作业时为全班表格）、json（一份作业一个 JSON 文档，多份时为数组）、csv（全班表格：表头一行，每份作业一行；加 --long 时每个答案一行）
cli-check-arg-significant_figures = 正确答案至少有 N 位有效数字（默认 3；覆盖课程与作业的 [grading]）
cli-check-arg-decimals = 正确答案至少有 N 位小数（代替有效数字）
cli-check-arg-long = 与 --format csv 一起：每个答案一行（作业、学生、步、判定、误解、得分…），便于数据透视表，而不是每份作业一行
cli-worksheet-about = 写一份空白作业：一个样本（及其批量的更新）的每一个数，供手算，再用 `check` 批改；或每个学生一份，各有自己的课程变体与答案（--students、--variants）
cli-worksheet-arg-lesson = 课程文件，或内置课程的名称
cli-worksheet-arg-epoch = 要手算的轮次
cli-worksheet-arg-sample = 要手算的样本；包括其批量的更新
cli-worksheet-arg-output = 输出文件（`-` 表示标准输出）；与 --students 或 --variants 一起时为目录
cli-worksheet-arg-force = 输出文件（或目录中的文件）已存在时覆盖它们
cli-worksheet-arg-students = CSV 名单，每行一个学生：每个学生一份作业，各有自己的课程变体（权重、输入、目标），答案在 DIR/keys 中
cli-worksheet-arg-variants = N 份作业，各有自己的课程变体，以及它们的答案
cli-worksheet-arg-seed = 抽取变体所用的种子：同样的名单与种子给出同样的变体
cli-lessons-about = 列出内置课程与作业
cli-help-about = 显示本帮助或给定子命令的帮助
cli-help-arg-subcommand = 要显示帮助的子命令

## 文件中的错误：框架与未知名称
err-error = {"错误："}
err-help = {"帮助："}
err-did-you-mean = ；你是不是想写 `{ $name }`？
err-unknown-key = { $owner } 中有未知的键 { $key }
err-takes = { $owner } 可用的键：{ $keys }
err-choose = 可选：{ $names }
err-unknown-section = 未知的节 { $key }
err-unknown-top-key = 未知的键 { $key }
err-sections = 课程包含以下各节：[lesson]、[network]（含 [[network.layer]]）、[training]，以及 [[data]]（或带 CSV 文件的 [data]）或 [generate]；[grading] 可选
err-no-lesson = 没有名为 { $name } 的课程文件或内置课程

## 拼错的命令
slip-similar = 有一个相近的子命令：'{ $meant }'（bpnn-tutor { $meant } --help 说明它的参数）
slip-commands = 命令有：{ $names }
slip-unrecognized = 无法识别的子命令 '{ $word }'
slip-nothing-called = 没有名为 '{ $word }' 的命令、课程文件或内置课程
slip-message = 错误：{ $what }
    
      提示：{ $tip }
    
    用法：bpnn-tutor [OPTIONS] [LESSON]
          bpnn-tutor <COMMAND>
    
    更多信息请用 '--help'。

## check 对一份作业的报告
report-student = 学生：{ $student }
report-precision = 精度：{ $policy }
report-marks = 得分：{ $marks }
report-first-error = 第一处错误 { $step }
report-follow = 随后 { $count } 个答案受其影响
report-step = 步
report-where = 位置
report-verdict = 判定
report-yours = 你的答案
report-exact = 精确值
report-follows = 由你的 { $from } 推出
report-follows-rounded = 由你四舍五入后的 { $from } 推出
verdict-unanswered = 未作答
score-right = 成绩：{ $right }/{ $total } 正确
score-wrong = ，{ $n } 错误
score-carried = ，{ $n } 沿用
score-imprecise = ，{ $n } 不够精确
score-unanswered = ；{ $n } 未作答
list-comma = {"、"}
list-and = { $rest } 和 { $last }

## check 的全班表格
class-worksheets = { $count } 份作业
class-answers = { $count } 个答案
class-h-worksheet = 作业
class-h-student = 学生
class-h-variant = 变体
class-h-marks = 得分
class-h-percent = %
class-h-right = 正确
class-h-wrong = 错误
class-h-carried = 沿用
class-h-imprecise = 不够精确
class-h-unanswered = 未作答
class-h-first-error = 第一处错误
class-h-misconceptions = 误解
class-unreadable = 无法读取（见上面的错误）
class-held-to = 按 { $policy } 评判
# 中文没有复数变化：$count 只用来选择英文的单复数形式。
class-other-policies = { $count ->
   *[other] ；{ $sheets }按其他精度评判，见其所在行下方
 }
class-no-misconceptions = 没有发现误解
class-frequent = 最常见的误解：
class-all-right = { $n } 份全对
class-to-look-at = { $n } 份有需要查看的答案
class-not-read = { $n } 份无法读取
class-summary = { $sheets }：{ $parts }

## 误解目录的解释（id 不变；英文在目录本身中）
mistake-loss_factor = 损失的常数因子被丢掉或多加了：half_sse 中的 ½、mse 中的 1/n（以及它们在 ∂L/∂a = a − y 或 (2/n)(a − y) 中留下的 1 或 2/n）。
mistake-flipped_error = 误差被取成 y − a 而不是 a − y，这会翻转 δ 及其后每个梯度的符号。
mistake-gradient_ascent = 更新时加上了步长而不是减去它；梯度下降逆着梯度走，w ← w − η·g。
mistake-no_learning_rate = 更新时漏掉了学习率，写成了 w − g 而不是 w − η·g。
mistake-batch_sum = 批量中的梯度被求和而不是求平均；一次更新使用它们的平均值 (1/n) Σ ∂Lₛ/∂w。
mistake-adam_epsilon_inside_sqrt = ε 被加在了平方根里面，√(v̂ + ε)，而不是加在后面，√v̂ + ε。
mistake-adam_no_bias_correction = Adam 的 m 和 v 未做偏差修正就被使用了；应为 m̂ = m/(1 − β₁ᵗ) 与 v̂ = v/(1 − β₂ᵗ)。
mistake-early_rounding = 中间值舍入得太早，结果丢失了有效数字；中间多保留几位，只对答案舍入。
mistake-loss_sign = 损失漏写了前面的负号；ln a 是负数，所以 −Σ y ln a 是正数。
mistake-extra_derivative = softmax 输出配交叉熵时，δ 又多乘了 a(1 − a)；a − y 已经包含了 softmax 的导数。
mistake-momentum_old_velocity = 更新用了这一步之前的速度；应先 v ← μ·v + g，再用新的 v 做 w ← w − η·v。
mistake-momentum_ema = 速度被平均成了 μ·v + (1 − μ)·g；PyTorch 的 SGD 加上的是整个梯度，v ← μ·v + g。
mistake-adam_t_off_by_one = 偏差修正 1 − βᵗ 中 Adam 的步数 t 差了一；第一次更新时 t 为 1。
mistake-adam_unsquared_gradient = Adam 的二阶矩用了梯度而不是梯度的平方；v ← β₂·v + (1 − β₂)·g²。
mistake-bce_double_derivative = sigmoid 输出配 bce 时，δ 被取成 (a − y)·a(1 − a)；bce 的 ∂L/∂a = (a − y)/(a(1 − a)) 消去了 σ′，所以 δ = a − y（再乘 1/n）。
mistake-bce_missing_term = bce 漏掉了 (1 − y)·ln(1 − a) 这一项；L = −(1/n)Σ[y ln a + (1 − y) ln(1 − a)]。
mistake-decimal_log = 损失用 log₁₀ 而不是自然对数 ln 计算；交叉熵损失用 ln，用 log₁₀ 会让它小 ln 10 ≈ 2.303 倍。
mistake-last_sample_only = 更新只用了批量中最后一个样本的梯度；应使用每个样本梯度的平均值 (1/n) Σ ∂Lₛ/∂w。
mistake-mean_over_dataset = 批量的梯度被除以了整个数据集的大小；批量的平均值应除以批量中的样本数。
mistake-adam_one_beta = Adam 的两个矩用了同一个 β；m 用 β₁（默认 0.9），v 用 β₂（0.999）。
mistake-adam_no_one_minus_beta = Adam 的矩更新时漏掉了 (1 − β) 因子；m ← β₁·m + (1 − β₁)·g，v ← β₂·v + (1 − β₂)·g²。
mistake-adam_no_sqrt = Adam 的步长除以了 v̂ 而不是它的平方根；w ← w − η·m̂/(√v̂ + ε)。
mistake-momentum_as_step = 动量被写成 v ← μ·v − η·g 且 w ← w + v；PyTorch 保持 v ← μ·v + g 并以 w ← w − η·v 更新，所以它的 v 不是步长。
mistake-kernel_flipped = 卷积核像真正的卷积那样被翻转了，用 w[o,c,kh−u,kw−v] 代替 w[o,c,u,v]；nn.Conv2d 做的是互相关，每个权重与它下面的输入相乘，前向与反向都是如此。
mistake-padding_ignored = 读取窗口时当作输入没有填充，取行 s·i + u 而不是 s·i + u − p；图像四周 p 行与 p 列的零会平移每个窗口。
mistake-stride_ignored = 窗口每个输出只移动了一格而不是按步幅移动；输出 [i,j] 从第 s·i 行、第 s·j 列开始读取。
mistake-bias_per_pixel = 偏置在窗口的每个像素上都加了一次，而不是每个输出加一次；z[o,i,j] = Σ w·a + b[o]。
mistake-bias_gradient_averaged = 偏置的梯度在特征图上求了平均；偏置在每个位置都被加上，所以 ∂L/∂b[o] 是总和 Σ δ[o,i,j]。
mistake-pool_gradient_spread = 最大池化的梯度被分散到整个窗口，给了每个数或由它们分摊；它只流向窗口的最大值，其他数得到 0。
mistake-pool_gradient_wrong_cell = 最大池化的梯度取自该数自身行列处的池化输出；一个数得到的是以它为最大值的那个窗口的梯度。
mistake-avg_pool_no_divide = 平均池化漏掉了 1/(kh·kw)，在前向传播或回传梯度时用了和而不是平均值。
mistake-flatten_order = 图像按另一种顺序展平了（通道在后，或按列）；torch.flatten 按 (c, i, j) 行优先：先通道，再行，再列。
mistake-exp_sign = σ(z) 被算成了 1/(1 + e^z)，指数的符号反了；σ(z) = 1/(1 + e^(−z))。
mistake-missing_bias = z 的计算漏掉了神经元的偏置；z = Σ w·a + b。
mistake-transposed_weights = 在该用 w⁽ˡ⁾ⱼₖ 的地方用了权重 w⁽ˡ⁾ₖⱼ；w⁽ˡ⁾ⱼₖ 连接第 l − 1 层的神经元 k 与第 l 层的神经元 j，在 z 与隐藏层的 δ 中都是如此。
mistake-missing_derivative = δ 的计算漏掉了激活函数的导数；输出层 δ = ∂L/∂a · f′(z)，隐藏层 δ = (Σ w·δ) · f′(z)。
mistake-derivative_of_z = 激活函数的导数在 z 上求值，仿佛它是 a，写成 z(1 − z) 或 1 − z²，而不是 a(1 − a) 或 1 − a²。
mistake-updated_weights = 隐藏层的 δ 用了上一层更新之后的权重；反向传播使用前向传播时所用的权重。
mistake-wrong_input = ∂L/∂w 用错了输入；∂L/∂w⁽ˡ⁾ⱼₖ = δ⁽ˡ⁾ⱼ · a⁽ˡ⁻¹⁾ₖ，是这个权重所承载的激活值，而不是 z 或另一层的 a。
mistake-derivative_as_input = ∂L/∂w 被算成 δ·a(1 − a)，用输入的导数代替了输入；∂L/∂w = δ·a。
mistake-tanh_derivative_sign = tanh′ 的符号错了，写成 a² − 1 或 1 + a²；tanh′(z) = 1 − a²。
mistake-sigmoid_derivative_at_a = σ′ 在 a 上求值，σ(a)(1 − σ(a))，而不是在 z 上；σ′(z) = σ(z)(1 − σ(z)) = a(1 − a)。
mistake-tanh_derivative_at_a = tanh′ 在 a 上求值，1 − tanh²(a)，而不是在 z 上；tanh′(z) = 1 − tanh²(z) = 1 − a²。
mistake-hidden_delta_one_output = 隐藏层的 δ 只取了上一层一个神经元的误差；δ⁽ˡ⁾ⱼ = (Σₖ w⁽ˡ⁺¹⁾ₖⱼ·δ⁽ˡ⁺¹⁾ₖ)·f′(z⁽ˡ⁾ⱼ) 对离开神经元 j 的每个权重求和。
mistake-gradient_times_weight = ∂L/∂w 被算成 δ·w，用权重代替了它承载的输入；∂L/∂w⁽ˡ⁾ⱼₖ = δ⁽ˡ⁾ⱼ · a⁽ˡ⁻¹⁾ₖ。
mistake-bias_gradient_times_input = ∂L/∂b 像权重的梯度那样乘了一个输入；偏置是以 1·b 加入的，所以 ∂L/∂b = δ。
mistake-softmax_as_sigmoid = softmax 被当作对每个输出单独做 sigmoid；aⱼ = e^(zⱼ)/Σₖ e^(zₖ) 要除以所有输出之和。
mistake-relu_derivative_as_a = ReLU′ 被取成了单元的输出 a；ReLU′(z) 在 z > 0 时为 1，否则为 0。
mistake-leaky_as_relu = Leaky ReLU 被算成了 ReLU；z < 0 时它保留 0.01·z，那里的斜率是 0.01 而不是 0。
mistake-no_attention_scale = 分数没有除以 √d（d = dim/heads，一个头的特征数）：分数是 q·k/√d，这样 d 变大时 softmax 不会饱和。
mistake-attention_scale_by_dim = 分数除以了 √dim（整个模型的特征数），而每个头应当除以它自己的 √(dim/heads)。
mistake-softmax_wrong_axis = softmax 沿列（对各个查询）取了，而不是沿查询所在的行（对各个键）取：每个查询的权重之和为 1。
mistake-mask_after_softmax = 先对所有键做 softmax，再把后面的置零；掩码必须在前，作为 −∞ 加到它们的分数上，这样一个查询保留的权重之和才为 1。
mistake-layernorm_constant_stats = 反向传播时把 μ 和 σ 当成常数，只保留了 ∂L/∂x̂/√(σ² + ε)；同一位置的每个 x 都会改变它的 μ 和 σ²，因此还要加上经过均值和方差的项。
mistake-layernorm_unbiased_variance = 方差除以了 d − 1（无偏估计）；层归一化除以 d，用的是有偏方差。
mistake-layernorm_epsilon_outside_sqrt = ε 加在了平方根之外，成了 √σ² + ε；层归一化把它加在根号里，√(σ² + ε)。
mistake-residual_gradient_dropped = 漏掉了沿残差连接传回的误差；输出被残差相加的层从两条路径得到误差，两者相加。
mistake-adamw_coupled_decay = 权重衰减被加到了梯度上，g + λ·p，就像 Adam 的 L2 惩罚那样；AdamW 直接衰减参数本身，p·(1 − η·λ)，并且不让它进入 m 和 v。
mistake-lora_scale_missing = LoRA 的支路没有乘以 α/r；适配器加上的是 (α/r)·B·A·a，它的梯度也带着同样的 α/r。
mistake-gelu_tanh_approximation = GELU 用了它的 tanh 近似 ½z(1 + tanh(√(2/π)(z + 0.044715z³)))；默认的 GELU 是精确的，z·Φ(z) = z·½(1 + erf(z/√2))。
mistake-bptt_truncated = 到达 hₜ 的误差只取了第 t 步的输出；随时间反向传播还要加上经 W_hh 从第 t + 1 步传回的部分，∂L/∂hₜ = ∂L/∂aₜ + W_hhᵀδₜ₊₁。
mistake-previous_state = 在应当用前一步状态的地方用了第 t 步的状态；zₜ 读的是 W_hh·hₜ₋₁（h₀ = 0），∂L/∂W_hh 是各步 δₜ·hₜ₋₁ 之和。
mistake-last_step_gradient = 梯度只取了最后一步；同一组权重在每一步都起作用，所以它们的梯度是每一步那部分之和 Σₜ。
mistake-recurrent_weights_transposed = W_hh 被转置着读了；前向时 W_hh 的第 j 行与 hₜ₋₁ 相乘，反向时 W_hh 的第 j 列（W_hhᵀ 的第 j 行）把 δₜ₊₁ 带回 hₜ。
mistake-one_bias = 两个偏置只加了一个；PyTorch 的循环层两个都加，W_ih xₜ + b_ih + W_hh hₜ₋₁ + b_hh。
mistake-lstm_cell_path_dropped = ∂L/∂cₜ 只经过 hₜ 取得；细胞状态还经过遗忘门把第 t + 1 步的误差带回来，∂L/∂cₜ = ∂L/∂hₜ⊙oₜ⊙(1 − tanh² cₜ) + ∂L/∂cₜ₊₁⊙fₜ₊₁。
mistake-gate_order = PyTorch 按 i、f、g、o 的顺序堆叠 LSTM 的各行；这里按 i、f、o、g 读了，于是细胞候选值 g 和输出门 o 的行被对调。
mistake-cell_tanh_dropped = 漏掉了细胞状态上的 tanh；hₜ = oₜ⊙tanh(cₜ)，所以它的误差经过 (1 − tanh² cₜ) 到达 cₜ。
mistake-candidate_sigmoid = 细胞候选值 g 被 σ 压缩了；LSTM 中只有 i、f、o 三个门是 sigmoid，g = tanh(z_g)。
mistake-delta_without_slope = δₜ 只取了到达状态的误差；还要乘以该步激活函数的斜率，δₜ = ∂L/∂hₜ ⊙ f′(zₜ)。

## Markdown 导出的标题与正文（步名、公式与锚点不变）
md-intro = 这是由 bpnn-tutor 从 { $source } 导出的演算示例：{ $what }。每种步骤的第一步都完整演算——先写公式，再代入数值，最后给出结果——其余的列在表格中。数值最多保留 6 位有效数字，只有数值本身带有尾随零时才写出（0.250000 并不完全等于 0.25）；`bpnn-tutor export --format json` 给出每个值的全部精度。
md-epoch = 第 { $n } 轮
md-range-epochs = 第 { $from } 到 { $to } 轮
md-range-sample = 样本 { $n }
md-range-samples = 样本 { $from } 到 { $to }
md-every-number-all = { $epochs }的每一个数（全部样本）
md-every-number-of = { $epochs }、{ $samples } 的每一个数
md-the-numbers-all = { $epochs }（全部样本）中的数
md-the-numbers-of = { $epochs }、{ $samples } 中的数
md-of-a-run = { $epochs ->
   *[other] { $samples ->
       *[other] 共 { $epoch_count } 轮、{ $sample_count } 个样本的训练中，{ $shown }
    }
 }
md-part-of-run = （每轮损失覆盖整个训练过程；用 `--epoch` 和 `--sample` 选择其他部分）
md-contents = **目录**：{ $links }
md-lesson = 课程
md-initial = 初始参数
md-final = 最终参数
md-losses = 每轮损失
md-anchors = 关于锚点
md-network = 网络
md-start = 第 { $epoch } 轮、批量 { $batch } 开始时的参数
md-epoch-sample = 第 { $epoch } 轮，样本 { $sample }
md-input-target = 输入 x = { $x }，目标 y = { $y }。
md-phase-forward = 前向传播
md-phase-loss = 损失
md-phase-backward = 反向传播
md-phase-update = 更新
md-update-after = 第 { $epoch } 轮，批量 { $batch } 之后的更新
md-adam-t = （Adam 的 t = { $t }）
md-update-by-parameter = 逐个参数的更新
md-range-epoch = 第 { $n } 轮

## 逐步查看时的状态行
status-shown-go-on = 这个值已经显示了：按 → 继续下一步
status-answer-full = 答案最长就是这么长：按 Enter 检查
status-not-digit = `{ $c }` 不是数的一部分：只能用数字、- . 和 e，例如 3.5e-5（Esc 清除）
status-matrix-beside = 在这个尺寸下，矩阵视图总是在公式旁边
status-matrix-on = 矩阵视图：这一步是其所在层方程中的一项（m：返回）
status-matrix-off = 标量视图（m：矩阵视图）
quiz-hint = 提示 { $n }/{ $of }：{ $text }

## 精度要求（check 的精度行，测验与 check 的“不够精确”）
precision-figures = { $n } 位有效数字
precision-decimals = { $n } 位小数
precision-at-least = 至少 { $floor }{ $by }
precision-set-default = （默认）
precision-set-lesson = （由课程设定）
precision-set-worksheet = （由作业设定）
precision-set-command-line = （由命令行设定）
precision-shortfall = { $text } 只有 { $has }；{ $asker }要求至少 { $wanted } 位
precision-asker-sheet = 本作业
precision-asker-lesson = 本课程

## 空白作业（`worksheet`）的注释；键与步骤名保持不变
ws-title = 作业：{ $title }
ws-covers = 第 { $epoch } 轮，{ $samples }：前向传播、损失与反向传播{ $update }。
ws-then-update = ，然后是第 { $batch } 批之后的更新
ws-one-sample = 样本 { $sample }
ws-samples-each = 样本 { $first } 到 { $last }，每个样本
ws-no-sample = 没有样本
ws-count = 共 { $n } 个数，按本工具计算它们的顺序排列。
ws-how =
    请手算每个数，写在 `value =` 之后，例如 value = 0.5933，算到几位就写几位：
    答案与精确值在你写出的每一位上都一致，并且至少有 { $floor }，即为正确。
    要保留末尾的 0，请加引号（value = "0.5930"）；跳过的数写 value = ""。
    只因前面的答案错了而不同的答案，记为“沿用”，不算新的错误；
    若某个已知的错误做法恰好得出你的错误答案，会指出它的名字。

    用下面的命令批改：
ws-forward = 前向传播
ws-loss = 损失
ws-backward = 反向传播
ws-phase-of-sample = 样本 { $sample } 的{ $phase }
ws-from-sample = 由样本 { $sample } 的梯度
ws-from-mean = 由样本 { $first } 到 { $last } 的梯度平均
ws-update-heading = 第 { $batch } 批之后的更新（{ $from }）；`batch` 数的是更新次数
ws-givens = 已知条件：
ws-input = 输入
ws-target = 目标
ws-of-sample = 样本 { $sample } 的{ $what }
ws-given-variant = 取自你的课程变体
ws-given-lesson = 取自课程
ws-given-after = 第 { $epoch } 轮第 { $batch } 批之前的各次更新之后
ws-weights = 权重与偏置，{ $when }
ws-rows = （w(l) 的第 j 行是从下一层每个神经元 k 进入第 l 层神经元 j 的权重）：
ws-layer = 第 { $l } 层（{ $what }{ $training }）
ws-layer-plain = 第 { $l } 层
ws-layer-values = { $layer }：{ $values }
ws-frozen = ，冻结
ws-biases-fixed = ，偏置固定
ws-sgd = 损失 { $loss }；普通 SGD，学习率 η = { $lr }
ws-sgd-momentum = 损失 { $loss }；SGD，学习率 η = { $lr }，动量 μ = { $momentum }
ws-adam = 损失 { $loss }；Adam，学习率 η = { $lr }，β1 = { $beta1 }，β2 = { $beta2 }，ε = { $epsilon }
ws-adamw = 损失 { $loss }；AdamW，学习率 η = { $lr }，β1 = { $beta1 }，β2 = { $beta2 }，ε = { $epsilon }，权重衰减 λ = { $decay }
ws-adam-moments = 本批更新之前 Adam 的矩（这是第 t = { $t } 步）：
ws-velocity = 本批更新之前的动量速度：
ws-too-many = （{ $n } 个数：见 `bpnn-tutor export`）

## `bpnn-tutor lessons`
lessons-worksheets = 作业（批改一份：bpnn-tutor check 课程 作业）：
lessons-open = 打开一课：bpnn-tutor 名称

## 教学界面里较小的文字：损失面板、截短的列表、梯度检验、矩阵视图的说明
loss-training = 训练中
loss-training-progress = 训练中 { $pct }%（第 { $trained }/{ $epochs } 轮）
net-neurons = { $n } 个神经元
more = { $dots } 还有 { $n } 个
tui-too-small = 终端太小（至少需要 { $need }）
tui-it-is = 当前为 { $size }
picker-does-not-load = 这个内置课程无法载入：
gradcheck-heading = 数值（有限差分）梯度，h = { $h }：
formula-note = 注意：
gradcheck-kink = 两者的差别超出了舍入误差：损失在此处 h 的范围内不光滑（例如 ReLU 在 0 处的折点，或截断）
gradcheck-exact = 反向传播给出的数完全相同
gradcheck-differ = 两者不同
gradcheck-agrees = 反向传播与之吻合到 { $n } 位
gradcheck-relative = 相对差 { $r }：{ $word }
mx-note-z = { $z } 是 { $w } 的第 { $j } 行乘以 { $a }，再加上 { $b }。
mx-note-softmax = softmax 不是逐元素的：{ $a } 要读取 { $z } 的每一个元素。
mx-note-a = { $f } 对每个元素单独作用：{ $a } = { $f }({ $z })。
mx-note-delta = { $wt } 的第 { $j } 行就是 { $w } 的第 { $j } 列：从第 { $l } 层神经元 { $j } 出去的权重。乘以 { $next } 就是从第 { $above } 层传回的误差；再与 { $slope } 作 { $hadamard } 得到 { $delta }。
mx-note-dw = 元素 ({ $j }, { $k }) 是 { $delta } 乘以 { $a }：行来自 { $deltas }，列来自 { $at }。

## 在教学界面中导出（e）
export-busy = 已有一个导出正在写入
export-what-epoch = 第 { $epoch } 轮
export-what-sample = 第 { $epoch } 轮的样本 { $sample }（一整轮有 { $steps } 步）
export-writing = 正在把{ $what }写成 Markdown…
export-wrote = 已把{ $what }写入 { $path }
export-failed = 导出失败：{ $error }

## 移动：到达边界时的说明，以及 `!`
nav-one-epoch = 本课程只训练一轮：没有别的轮次
nav-epoch-edge = 第 { $epoch } 轮是本课程 { $epochs } 轮中的{ $which ->
    [last] 最后一轮
   *[other] 第一轮
}
nav-one-unit = 本课程只有一个{ $unit ->
    [sample] 样本
   *[other] 批
}且只训练一轮：没有别的{ $unit ->
    [sample] 样本
   *[other] 批
}的 { $name }
nav-sample-edge = 第 { $e } 轮的样本 { $n } 是本课程的{ $which ->
    [last] 最后一个样本：没有更后面的
   *[other] 第一个样本：没有更前面的
} { $name }
nav-batch-edge = 第 { $e } 轮第 { $n } 批之后的更新是本课程的{ $which ->
    [last] 最后一次更新：没有更后面的
   *[other] 第一次更新：没有更前面的
} { $name }
nav-place-sample = 第 { $epoch } 轮样本 { $n }
nav-place-batch = 第 { $epoch } 轮第 { $b } 批之后的更新
nav-phase-edge = { $place }的{ $phase }阶段是追踪记录的{ $which ->
    [last] 最后一个阶段
   *[other] 第一个阶段
}
nav-step-edge = { $name } 是追踪记录的{ $which ->
    [last] 最后一步
   *[other] 第一步
}
nav-no-lesson-shown = 没有显示任何课程：按 Backspace 或 Esc 修改筛选
nav-at-sample = 样本 { $s }
nav-at-update = 第 { $b } 批之后的更新
nav-non-finite = 第一个不是有限数的值：第 { $epoch } 轮{ $at }的 { $name }
nav-all-finite = 本课程的每个数都是有限数
nav-still-training = 仍在训练（{ $pct }%）：训练结束后才检查 NaN 和无穷大

## 跳转提示符（:）
goto-after-at = @ 之后应是样本编号，例如 delta(1)[2]@2，而不是 `{ $at }`
goto-type-name = 请输入步骤名，例如 delta(1)[2]、a(2)[1] 或 loss
goto-no-such-place = 没有{ $unit ->
    [sample] 样本 { $at }
   *[other] 第 { $at } 批
}：本课程的{ $unit ->
    [sample] 样本
   *[other] 批
}编号是 1 到 { $count }
goto-no-step = 没有步骤 { $id }：{ $why }
goto-not-here = 本课程没有步骤 { $id }
goto-layers = 层的编号是 1 到 { $depth }（0 是输入）
goto-frozen = 第 { $l } 层被冻结，它的参数从不改变
goto-biases-fixed = 第 { $l } 层的偏置不参与训练
goto-only-adam = 只有 Adam 记录 { $q }；本课程用的是 { $kind }
goto-only-adamw = 只有 AdamW 记录 decayed；本课程用的是 { $kind }
goto-no-velocity = 普通 SGD 不记录速度 v
goto-layer-has-no = 第 { $l } 层没有 { $q }
goto-takes-indices = { $q }({ $l }) 需要 { $n } 个下标
goto-neurons = 第 { $l } 层有 { $w } 个神经元
goto-neurons-k = 第 { $l } 层有 { $w } 个神经元，所以 k 最大为 { $w }
goto-index-range = 第 { $i } 个下标的范围是 1 到 { $n }
goto-did-you-mean = 你是不是想输入 { $meant }？按 Enter 前往，按 Tab 填入 · { $message }
goto-tab-before-at = Tab 只补全 @ 之前的名字
goto-back-to = 回到 { $name }（再按 ` 或 Ctrl-O 返回）
goto-no-jump = 没有可返回的跳转：` 回到上一次跳转（:、!、g 或 G）开始的地方
names-no-start = 没有以 `{ $text }` 开头的步骤名：{ $names }
names-no-quantity = 本课程没有量 `{ $stem }`：{ $names }
names-in-layers = { $stem } 在第 { $layers } 层

## 公式中有名字的项、公式的说明，以及被截短的长求和
more-terms = 还有 { $n } 项
term-passed-back = 从第 { $from } 层传回的误差
term-slope = { $activation } 的斜率
term-loss-slope = 损失随输出的变化率
term-product = 两者之积
term-selected = ReLU 放行的部分
term-residual = 沿第 { $from } 层残差连接传来的误差
term-from-output = 来自时间步 { $t } 的输出
term-through-time = 来自时间步 { $t }，经由 W_hh
term-total-derivative = 两者之和，即全导数 dL/dh
term-direct-slope = 直接导数 dh/dz，即 { $activation } 的斜率
term-through-state = 经由本时间步的 h
term-through-forget = 来自时间步 { $t }，经由遗忘门
term-gate-error = 到达{ $gate }的误差
term-gate-i = 输入门
term-gate-f = 遗忘门
term-gate-g = 候选值
term-gate-o = 输出门
term-at-step = 时间步 { $t }
term-words-the-paths-summed = 各条路径之和
term-words-what-the-row-s-weights-pass-back-together-the-softmax-s-jacobian = 这一行的权重一起传回的量（softmax 的雅可比矩阵）
term-words-directly-through-x-alone = 直接经由 x̂
term-words-through-the-mean-which-every-x-of-the-position-moves = 经由均值 μ（该位置的每个 x 都会改变它）
term-words-through-the-variance-which-every-x-of-the-position-moves = 经由方差 σ²（该位置的每个 x 都会改变它）
remark-rounds-to-1 = 舍入为 1
remark-underflows = 下溢为 0
remark-log-clamped = PyTorch 的 BCELoss 在这里把 { $what } 截断在 { $minus }100：它的值是 { $is }。
remark-denominator-clamped = { $product } < { $eps }，像 PyTorch 的 BCELoss 那样被截断为 { $eps }，所以 { $wrong }：在 BCELoss 下，饱和的 sigmoid 学得很慢（BCEWithLogitsLoss 可以避免这一点）。
remark-not-exact = { $sum } 在这里不能精确地给出损失
remark-log-softmax = { $why }，所以损失按 log-softmax 写出，与 PyTorch 的 CrossEntropyLoss 的算法相同：{ $rule }。
remark-overflow = e^z 会上溢为 { $inf }
remark-underflow-digits = e^z（或某个输出）会下溢为 0 或丢失有效数字
remark-softmax-shifted = 这里{ $how }，所以每个指数都平移 { $shift }，与本工具计算 softmax 的方法相同：值不变。
remark-rounded-once = { $square } 只舍入一次，与 PyTorch 的 tanh 反向计算相同：{ $a } 离 { $pm } 如此之近，若 { $times } 在乘积之后再舍入一次，会偏离其值的 { $error }。
remark-relu-selects = { $zle }，所以 ReLU 不传回误差：{ $delta } = 0，与 PyTorch 的 ReLU 反向计算的选取相同，尽管到达它的误差是 { $e }（{ $nan } 会是 NaN）。
remark-words-the-causal-mask-hides-a-later-position-its-score-is-inf-exp-inf-0-so-its-weight-is-exactly-0-and-it-adds-nothing-to-the-context = 因果掩码遮住了后面的位置：它的得分是 −∞，e^(−∞) = 0，所以它的权重恰好为 0，对上下文没有任何贡献。

## Transformer 的开始卡片、滚动的行、矩阵视图中的更新
card-transformer = { $layers } 层，{ $positions } 个位置
card-transformer-a = 一层的输出 a(l)[t,j]：位置 t 上的特征 j
card-transformer-delta = 它的误差信号 { $d }L/{ $d }a（有激活函数时为 { $d }L/{ $d }z）
card-attn = 查询 t 从键 s 取多少：q{ $dot }k/{ $sqrt }d 的 softmax
rows-of = { $keys } 第 { $first }-{ $last } 行，共 { $all } 行
params-rows = 第 { $first }-{ $last } 行，共 { $all } 行
params-columns = 第 { $first }-{ $last } 列，共 { $all } 列
mx-old = 旧
mx-new = 新
mx-note-update = 元素 { $entry }：{ $name } 的每个{ $what ->
    [weight] 权重
   *[other] 偏置
}都单独更新，取自每个矩阵的同一元素，按行依次进行；尚未更新的留空。

## 课程概要（管道输出时）与 `train` 每轮一行
summary-line = 网络 { $widths } · 损失 { $loss } · { $optimizer } · { $epochs } 轮 · 批量大小 { $batch } · { $samples } 个样本
summary-steps = 每轮 { $steps } 步。
train-epoch = 第 { $epoch }/{ $epochs } 轮  损失 { $mean }
picker-lesson-line = 网络 { $widths }{ $sep }损失 { $loss }{ $sep }{ $optimizer }{ $sep }{ $epochs } 轮{ $sep }批量大小 { $batch }{ $sep }{ $samples } 个样本
loss-axis = 轮
loss-curve = 曲线
