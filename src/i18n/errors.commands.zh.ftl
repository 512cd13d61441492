# 各命令的错误与警告的中文：输出文件、命令行本身与 clap 的错误、导出的范围、步名、作业、名单与变体。
# id 均以 err- 开头；参数与中文相接处的空格由程序补上。

## 写文件（source/write.rs、transaction.rs、lesson/save.rs）。
err-exists = { $path } 已经存在；加上 --force 可以覆盖它，或者换一个名字
err-cannot-write = 无法写入 { $path }：{ $error }
err-name-too-long = 无法写入 { $path }：它的名字长 { $bytes } 字节，超过了文件名最多允许的 { $max } 字节；请换一个短些的名字
err-cannot-write-stdout = 无法写入标准输出：{ $error }
err-short-on-disk = 磁盘上的文件没有包含写入它的全部内容
err-is-a-directory = 它是一个目录
err-not-a-directory = { $dir } 不是目录
err-no-directory = 目录 { $dir } 不存在
err-directory-read-only = 目录 { $dir } 不允许写入
err-save-needs-files = 这一课要保存为多个文件（它的数太多，一个课程文件放不下），所以不能输出到标准输出：请给 --save 一个文件名

## 命令行自己的错误、警告与提示（cli/*）。
err-warning = {"警告："}
err-note = {"注意："}
err-pytorch-range = --epoch 与 --sample 不适用于 --format pytorch：脚本检查样本 1、第一次更新、每一轮的损失以及最终的参数
err-blank-too-large = 第 { $epoch } 轮样本 { $sample } 的空白作业会超过 { $size }，即 `check` 能读取的上限：这一课每个样本的数太多，无法手算
err-not-finite = 不保存 { $path }：训练后的参数并非都是有限数（{ $name } 为 { $value }），课程无法从它们开始
err-both-from-stdin = 课程与作业不能都来自标准输入（-）
err-terminal = 终端出错：{ $error }
err-at-sample = 样本 { $n }
err-at-update = 批量 { $batch } 的更新
err-diverges = 训练发散：第 { $epoch } 轮，{ $at }，{ $name } 为 { $value }
err-json-null = （JSON 把 NaN 与无穷大写成 null）
err-saved = 已把训练后的课程保存到 { $path }
err-saved-beside = {"  "}它的数保存在旁边的 { $names } 中
err-tabular-only = --no-formulas、--quantity、--layer 与 --step 只适用于 --format json 与 csv
err-wrote = 已写入 { $path }
err-markdown-at-least = 这份 Markdown 导出至少有 { $size }，超过了 GitHub 能显示的 512 KB；什么也没有写入。请用 --epoch 与 --sample 导出更少的内容，或加上 --large 照样写入。
err-markdown-too-large = 这份 Markdown 导出有 { $size }，超过了 GitHub 能显示的 512 KB；什么也没有写入。请用 --epoch 与 --sample 导出更少的内容，或加上 --large 照样写入。
err-export-too-large = 这份导出约有 { $size }（{ $steps } 步，每步约 { $per_step } 字节）；什么也没有写入。请用 --epoch、--sample、--quantity、--layer 或 --step（以及 --no-formulas）选择更少的内容，或加上 --large 照样写入。
err-whole-trace = 整个追踪记录有 { $steps } 步，一个文件放不下；只导出第 1 轮的样本 1 及其更新。请用 --epoch 与 --sample 选择其他部分。
err-other-lesson = { $at }: 这份作业是为课程 { $named } 写的，但现在按 { $given } 批改（以命令行为准）
err-no-worksheets = { $dir }: 目录中没有 .toml 作业
err-unreadable-directory = { $dir }: 无法读取目录：{ $error }
err-stdin-twice = 标准输入（-）只能读取一次；请只写一次
err-skipped = 跳过 { $path }：{ $why }
err-dangling-link = 它是指向无法读取之物的符号链接（{ $error }）
err-cannot-examine = 无法查看它（{ $error }）
err-not-a-worksheet-file = 它是{ $what }，不是作业文件
err-wrote-blank = 已写入 { $path }：第 { $epoch } 轮样本 { $sample } 的空白作业；用这条命令批改：bpnn-tutor check { $lesson } { $path }
err-variants-to-directory = 变体写入一个目录：请给出 -o DIR
err-wrote-variants = 已把 { $n } 份作业（各有自己的变体，种子 { $seed }）写入 { $dir }，答案写入 { $keys }；用这条命令批改：bpnn-tutor check { $lesson } { $dir }
err-same-variant = 变体 { $n } 总是与之前的某个变体相同：这一课不同的变体太少

## clap 的错误，由命令行用中文说出（cli/usage.rs）。
err-clap-missing = 缺少以下必需的参数：
err-clap-unknown-argument = 意外的参数 '{ $arg }'
err-clap-invalid-value = '{ $arg }' 的值 '{ $value }' 无效
err-clap-value-required = '{ $arg }' 需要一个值，但没有给出
err-clap-possible-values = 可选的值：{ $values }
err-clap-validation = '{ $arg }' 的值 '{ $value }' 无效：{ $why }
err-clap-not-a-count = 不是非负整数
err-clap-unknown-subcommand = 无法识别的子命令 '{ $name }'
err-clap-missing-subcommand = '{ $name }' 需要一个子命令，但没有给出
err-clap-subcommands = 子命令：{ $values }
err-clap-used-twice = 参数 '{ $arg }' 不能多次使用
err-clap-the-argument = 参数 '{ $arg }'
err-clap-the-subcommand = 子命令 '{ $name }'
err-clap-an-argument = 某个参数
err-clap-conflict = { $who }不能与 '{ $other }' 一起使用
err-clap-conflict-list = { $who }不能与以下参数一起使用：
err-clap-conflict-others = { $who }不能与指定的其他参数一起使用
err-clap-no-equals = 给 '{ $arg }' 赋值时需要等号
err-clap-too-many-values = '{ $arg }' 多出了值 '{ $value }'；不需要更多的值
err-clap-too-few-values = '{ $arg }' 需要 { $min } 个值，但只给出了 { $n } 个
err-clap-wrong-number = '{ $arg }' 需要 { $expected } 个值，但给出了 { $n } 个
err-clap-similar-subcommand = 提示：有一个相近的子命令：{ $names }
err-clap-similar-subcommands = 提示：有几个相近的子命令：{ $names }
err-clap-similar-argument = 提示：有一个相近的参数：{ $names }
err-clap-similar-arguments = 提示：有几个相近的参数：{ $names }
err-clap-similar-value = 提示：有一个相近的值：{ $names }
err-clap-similar-values = 提示：有几个相近的值：{ $names }
err-clap-tip = 提示：{ $text }
err-clap-pass-as-value = 要把 '{ $arg }' 当作值传入，请用 '{ $with }'
err-clap-exists = 有 '{ $name }'
err-clap-remove-dashes = 有子命令 '{ $name }'；要使用它，请去掉它前面的 '--'
err-clap-more-information = 更多信息请用 '{ $help }'。
err-clap-kind-invalid-value = 某个参数的值无效
err-clap-kind-unknown-argument = 出现了意外的参数
err-clap-kind-unknown-subcommand = 无法识别的子命令
err-clap-kind-no-equals = 给某个参数赋值时需要等号
err-clap-kind-validation = 某个参数的值无效
err-clap-kind-too-many-values = 某个参数多出了值
err-clap-kind-too-few-values = 某个参数需要更多的值
err-clap-kind-wrong-number = 某个参数的值太多或太少
err-clap-kind-conflict = 某个参数不能与指定的其他参数一起使用
err-clap-kind-missing = 缺少必需的参数
err-clap-kind-missing-subcommand = 需要一个子命令，但没有给出
err-clap-kind-utf8 = 有参数不是有效的 UTF-8
err-clap-kind-other = 无法读取命令行

## 导出的范围、步与脚本，空白作业，变体（export/*、check/*）。
err-epochs-outside = --epoch { $range } 超出了这一课的范围：它的轮次是 1 到 { $last }
err-samples-outside = --sample { $range } 超出了这一课的范围：它的样本是 1 到 { $last }
err-no-quantity = --quantity `{ $q }` 不是一种数；请用步名的词干，例如 z、a、delta、dw、db、w、b、m、v 或 loss
err-no-such-steps = --quantity `{ $q }`：这一课没有这种步
err-layer-outside = --layer { $l } 超出了这一课的范围：它的层是 1 到 { $last }
err-bad-step-option = --step `{ $name }`：{ $why }
err-not-a-range = `{ $text }` 既不是数，也不是 1..3 这样的范围
err-empty-range = `{ $text }` 是空范围
err-step-expected = 应为步名，例如 z(1)[2]、dw(2)[1,2] 或 loss
err-step-unknown-quantity = 未知的数 `{ $stem }`；应为 z、a、delta、dw、db、w、b 或 loss 这样的名字（README 中列出了全部）
err-step-layer = `{ $name }` 中的层必须是整数
err-step-indices = `{ $name }` 中的下标必须是从 1 起的整数
err-step-zero = 神经元从 1 开始编号，`{ $name }` 中有 0
err-step-too-many = `{ $name }` 有 { $n } 个下标；一步最多有 { $max } 个
err-epoch-out-of-range = --epoch { $epoch } 超出范围：这一课训练 { $epochs } 轮（1 到 { $epochs }）
err-sample-out-of-range = --sample { $sample } 超出范围：这一课有 { $samples } 个样本（1 到 { $samples }）
err-untranslated = 无法写出 PyTorch 脚本：第 { $layer } 层（{ $kind }）没有说明哪个 PyTorch 张量保存它的步 { $stem }
err-no-script = 无法写出 PyTorch 脚本：{ $why }
err-ragged = 步 { $stem } 不能填满形状为 { $dims } 的张量
err-variants-dense-only = 变体只为处理向量的全连接网络抽取；这一课有其他种类的层
err-variants-samples = 这一课有 { $n } 个样本；变体最多为 { $max } 个样本抽取，即学习者能手算的数据集
err-variants-parameters = 网络有 { $n } 个参数；变体最多为 { $max } 个参数抽取
err-variants-none-found = 在 { $draws } 次抽取中，这一课没有一个变体能让每个单元都不饱和、每种错误得出的数都彼此不同；它的形状或损失函数留下的余地太小
err-no-step-in-trace = { $at }: 追踪记录中没有{ $place }的步 { $step }

## 名单（check/roster.rs）与作业的 [variant]（check/variant/read.rs）。
err-noun-roster = 名单
err-roster-too-large-help = 名单每行一个学生；更大的班级请分成几份名单
err-roster-path-help = 请给出每行一个学生的 CSV 文件的路径，或用 - 从标准输入读取
err-roster-not-found-help = 请检查路径；名单是每行一个学生的 CSV 文件
err-roster-not-csv = 名单不是有效的 CSV：{ $error }
err-roster-control = 学生的名字中有控制字符
err-roster-control-help = 每个名字写在一行，用纯文本
err-roster-too-many = 名单上的学生超过了 { $max } 个
err-roster-empty = 名单上没有学生
err-roster-empty-help = 每行写一个学生，例如 Ana Lima
err-variant-help = `bpnn-tutor worksheet LESSON --variants N -o DIR` 会写出带 [variant] 的作业：一个 id，每层一个 {"{"} weights, biases {"}"}，每个样本一个 {"{"} input, target {"}"}
err-variant-unsupported = 这份作业有 [variant]，但{ $why }
err-variant-unsupported-help = 删掉 [variant]，按课程自己的数批改
err-for-variant-id = `id`（变体的名字）
err-n-layers = { $n } 层
err-n-samples = { $n } 个样本
err-n-epochs = { $n } 轮
err-n-batches = { $n } 个批量
err-variant-entries = { $what }有 { $entries } 项，但这一课有 { $has }
err-variant-layer = [variant] 的第 { $l } 层
err-variant-weights-of = { $owner }的权重
err-variant-weights = { $owner }的权重是{ $found }，但第 { $l } 层是 { $shape }（神经元数 × 输入数）
err-variant-rows = { $n } 行
err-variant-row-of = { $owner }权重的第 { $row } 行
err-variant-a-row-of = 一行 { $n } 个数
err-variant-biases-of = { $owner }的偏置
err-variant-biases = { $owner }的偏置有 { $found } 个数，但第 { $l } 层有 { $n } 个神经元
err-variant-sample = [variant] 的样本 { $s }
err-variant-input-of = { $owner }的输入
err-variant-input = { $owner }的输入有 { $found } 个数，但网络有 { $inputs } 个输入
err-variant-target-of = { $owner }的目标
err-variant-target-length = { $owner }的目标有 { $found } 个数，但网络有 { $outputs } 个输出
err-variant-target-probability = { $owner }的目标不是概率，而 { $loss } 需要概率
err-variant-target-sum = { $owner }的目标之和不为 1，而 cross_entropy 需要和为 1

## 作业（check/worksheet/*）。
err-step-names = 步名的写法如 z(1)[2]、a(1)[2]、loss、delta(2)[1]、db(2)[1]、dw(2)[1,2]、w(2)[1,2]、b(2)[1]
err-value-help = 写 value = 0.593，或写 value = "0.5930" 以保留末尾的 0；value = "" 表示不作答
err-what-a-worksheet-needs = 作业中每个数一个 [[answer]] 表，各有 name = "a(1)[1]" 与 value = 0.5933；`bpnn-tutor worksheet LESSON -o FILE` 会写出一份空白作业
err-worksheet-too-large-help = 把它拆成几份作业，或一次检查更少的数
err-worksheet-path-help = 请给出 .toml 作业的路径，或用 - 从标准输入读取
err-worksheet-not-found-help = 请检查路径；`bpnn-tutor worksheet LESSON -o FILE` 会写出一份空白作业
err-no-worksheet = 没有名为 { $name } 的作业文件或内置作业
err-bundled-worksheets = 内置作业有：{ $names }；也可以给出 .toml 文件的路径（`bpnn-tutor worksheet LESSON -o FILE` 会写出一份空白作业）
err-owner-worksheet = 作业
err-worksheet-empty = 作业是空的
err-for-lesson-name = `lesson`（课程的文件或名称）
err-for-student-name = `student`（学生的名字）
err-student-name = `student` 是空的，或含有换行或其他控制字符
err-student-name-help = 把学生的名字写在一行，例如 student = "Ana Lima"
err-marks-no-step = `marks` 提到了 { $step }，但这一课没有这一步
err-answered-twice = { $place }的 { $step } 作答了两次（第一次在第 { $line } 行的 [[answer]] 中）
err-answered-twice-help = 每一步只保留一个答案
err-place-sample = 第 { $epoch } 轮样本 { $n }
err-place-batch = 第 { $epoch } 轮批量 { $n }
err-outside-answer = { $key } 不在任何 [[answer]] 中
err-outside-answer-help = `{ $key }` 属于一个答案：每个答案以一行 [[answer]] 开头
err-worksheet-keys-help = 作业可以有 lesson = "…" 与 [grading] 表，以及 [[answer]] 表
err-no-answers = 作业中没有 [[answer]] 表
err-answer-empty = `answer` 中没有答案
err-single-answer-table = 应为 [[answer]]（双层方括号：答案的列表），实际是单个表
err-single-answer-table-help = 把每个答案写成带 name = "…" 与 value = … 的 [[answer]]
err-answers-not-a-list = 应为 [[answer]] 表的列表，实际是{ $found }
err-owner-answer = 答案 { $n }
err-answer-name-help = 添加 name = "…"，写上步名，例如 z(1)[2]、dw(2)[1,2] 或 loss
err-for-step-name = `name`（步名，例如 z(1)[2]）
err-answer-epoch = epoch = { $epoch }，但这一课只训练 { $epochs }
err-only-one = 写 { $key } = 1，或者省略它（默认为 1）
err-choose-epoch = 从 1 到 { $n } 中选一轮
err-choose-sample = 从 1 到 { $n } 中选一个样本
err-choose-batch = 从 1 到 { $n } 中选一个批量
err-epochs-from-one = 轮次从 1 开始编号
err-samples-from-one = 样本从 1 开始编号
err-batches-from-one = 批量从 1 开始编号
err-batch-not-update = `batch` 只用于更新步；{ $step } 是对每个样本计算的
err-use-sample = 请改用 `sample`：{ $range }
err-sample-and-batch = 同时给出了 `sample` 与 `batch`；对更新步 { $step } 来说两者是一回事：批量
err-keep-one = 只保留其中一个
err-answer-sample = sample = { $n }，但这一课只有 { $samples }
err-sample-names-batch = sample = { $n } 表示更新步 { $step } 的批量
err-answer-batch = { $size ->
    [1] { $what }，但一轮有 { $batches }（每批 1 个样本）
   *[other] { $what }，但一轮有 { $batches }（每批最多 { $size } 个样本）
 }
err-updates-after-batches = 每个批量之后更新一次；{ $range }
err-list-comma = {"、"}
err-list-and = { $rest }和{ $last }
err-layer-in-list = 第 { $l } 层（{ $neurons }，{ $activation }）
err-layer-zero-given = 第 0 层是输入 x，它是给定的而不是计算出来的
err-layer-zero = 层从 1 开始编号；第 0 层是输入 x
err-the-layers-are = 网络的层是{ $layers }
err-its-layers-are = 它的层是{ $layers }
err-j-runs = 在 { $q }({ $l })[j] 中，j 从 1 到 { $n }
err-k-runs = 在 { $q }({ $l })[j,k] 中，k 是第 { $below } 层的神经元，从 1 到 { $n }
err-momentum-keeps = 带动量的 SGD 只为每个参数保存一个速度 v
err-sgd-keeps = 普通 SGD 不保存优化器状态
err-adam-keeps = Adam 保存 m、v、mhat 与 vhat
err-adamw-keeps = AdamW 保存 decayed、m、v、mhat 与 vhat
err-moments-help = m、v、mhat 与 vhat 属于 Adam；单独的 v 是 SGD 的动量速度
err-frozen = 第 { $l } 层被冻结（trainable = false），所以它的参数都不更新
err-frozen-help = 它的梯度（dw({ $l })[j,k]、db({ $l })[j]）仍然会计算
err-fixed-biases = 第 { $l } 层的偏置固定不变（train_biases = false）
err-fixed-biases-help = 它的梯度 db({ $l })[j] 仍然会计算
err-not-in-trace = 它不在这一课的追踪记录中
err-name-empty = `name` 是空的：这是哪个数？
err-not-a-step-name = { $name } 不是步名
err-not-a-step-name-because = { $name } 不是步名：{ $why }
err-loss-no-index = 损失没有层或神经元下标
err-loss-no-index-help = 写成 name = "loss"
err-no-such-step = 这一课没有步 { $step }：{ $why }
err-tensor-indices = 第 { $l } 层的 { $key }（{ $tensor }）是 { $dims }，下标从 1 开始
err-rnn-indices = 第 { $l } 层是有 { $h } 个单元、跨 { $t } 步的 rnn：z、h、dh 与 delta({ $l })[t,j]，其中 t = 1..{ $t }，j = 1..{ $h }
err-lstm-indices = 第 { $l } 层是有 { $h } 个单元、跨 { $t } 步的 lstm：h、c、i、f、g、o、dh 与 dc({ $l })[t,j]，其中 t = 1..{ $t }，j = 1..{ $h }；z 与 delta({ $l })[t,r]，其中 r = 1..{ $rows }（i、f、g、o 的行叠在一起）
err-positions-indices = 第 { $l } 层作用于 { $t } 个位置中的每一个：z、a 与 delta({ $l })[t,j]，其中 t = 1..{ $t }，j = 1..{ $n }
err-decimal-point-value = 数用小数点：写成 value = { $fixed }
err-minus-sign = 负号请写成键盘上的 `-`：value = { $fixed }（导出文件中印出的负号 − 是另一个字符）
err-name-needs-quotes = TOML 格式错误：步名必须放在引号中
err-value-not-number = TOML 格式错误：`value` 必须是数，实际是 { $value }
err-key-once-in-answer = 每个键在一个答案中只能出现一次；下一个答案请以 [[answer]] 开头
err-more-problems = ……另外还有 { $n } 个问题
err-problems = { $file } 中有 { $n } 个问题
err-problems-at-least = { $file } 中至少有 { $n } 个问题
