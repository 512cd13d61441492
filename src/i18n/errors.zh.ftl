# 课程错误的中文：课程文件、它的 CSV 与 .npy 数据文件、各种层的设置被拒绝的原因（各命令自己的错误在
# errors.commands.zh.ftl 中）。id 均以 err- 开头。
# 参数与中文相接处的空格由程序补上（中文与拉丁文字、数字之间一个空格），消息里不必写。

## 不符合键要求的 TOML 值（source/reader.rs）。
err-missing-key = { $owner }缺少 `{ $key }`
err-the-string = 字符串 { $text }
err-the-whole-number = 整数 { $n }
err-the-number = 数值 { $n }
err-the-date = 日期 { $date }
err-an-empty-array = 空数组
err-an-array = 数组
err-a-table = 表
err-a-string = 字符串
err-true-or-false = true 或 false
err-a-number = 数值
err-a-whole-number = 整数
err-for-key = `{ $key }`
err-for-what = { $what }
err-in-what = { $what }中
err-expected = { $what }应为{ $expected }，实际是{ $found }
err-remove-quotes = 去掉引号：{ $value }
err-too-large-number = { $what }：{ $literal } 太大了
err-nan-number = { $what }：`{ $literal }`（不是数），但课程中的每个数都必须是有限数
err-infinite-number = { $what }：`{ $literal }`（无穷大），但课程中的每个数都必须是有限数
err-beyond-f64 = { $what }：{ $literal } 太大了，超出了 f64 的最大值（约 1.8e308）
err-negative = { $name }不能为负数，实际是 { $text }
err-far-beyond-limit = { $name } = { $text } 远远超出上限 { $max }
err-expected-whole = { $name }应为整数，实际是 { $found }
err-without-decimal-point = 去掉小数点：{ $n }
err-at-least = { $name }至少应为 { $min }，实际是 { $n }
err-more-than-limit = { $name }为 { $n }，超过了上限 { $max }
err-seed-negative = `seed` 必须是不小于 0 的整数，实际是 { $n }
err-for-the = { $kind }
err-unknown-choice = 未知的{ $kind } { $name }

## 读取文件：文件的种类、大小与字节（source/input.rs、text.rs、limits.rs）。
err-noun-lesson = 课程
err-noun-worksheet = 作业
err-noun-csv = CSV 数据
err-noun-npy = NumPy .npy
err-not-utf8 = 文件不是有效的 UTF-8 文本
err-a-directory = 目录
err-a-fifo = FIFO（命名管道）
err-a-char-device = 字符设备
err-a-block-device = 块设备
err-a-socket = 套接字
err-not-regular = 非普通文件
err-not-a-file-of = 这是{ $what }，不是{ $noun }文件
err-bytes = { $n } 字节
err-bytes-exactly = { $n } 字节（{ $size }）
err-file-too-large = 文件大小为 { $shown }，超过了{ $noun }文件的上限 { $limit }
err-over-limit-read = 超过了{ $noun }文件的上限 { $limit }：读到这里就停止了
err-no-such-file = 没有这个文件
err-permission-denied = 无法读取文件：没有权限
err-cannot-read = 无法读取文件：{ $error }
err-utf16 = 文件是 UTF-16 文本
err-utf16-help = 请以 UTF-8 保存，这是 TOML 要求的编码
err-bad-byte = 文件不是有效的 UTF-8 文本：字节 0x{ $byte } 不属于任何字符
err-bad-byte-help = 请把文件存为 UTF-8 文本，这是 TOML 要求的编码
err-nul-byte = 文件含有 NUL 字节：这看起来是二进制文件，而不是 TOML { $noun }文件
err-nul-byte-help = { $noun }文件是 TOML 格式的文本文件

## TOML 语法（source/parse.rs）：toml 库自己的说明保持原样。
err-invalid-toml = TOML 格式错误：{ $detail }
err-control-in-string = TOML 格式错误：字符串中不能有控制字符 U+{ $code }
err-control-in-string-help = 删掉它，或在 "…" 字符串中写成转义 \u{ $code }
err-defined-twice = { $name } 定义了两次
err-defined-twice-help = 每个键或表只能出现一次；多个层或样本请用双层方括号 [[…]]
err-value-missing = TOML 格式错误：缺少值
err-value-missing-help = 在 `=` 后面写一个值
err-numbers-need-commas = TOML 格式错误：数组中的数之间必须用逗号分隔
err-write = 写成 { $text }
err-text-needs-quotes = TOML 格式错误：文本必须放在引号中
err-unclosed-string = TOML 格式错误：这个字符串在本行没有结束的 `"`
err-unclosed-string-help = 用 " 结束字符串，多行文本请用 """ … """
err-leading-digit = TOML 格式错误：数必须以数字开头
err-leading-digit-help = 写 0.5 而不是 .5
err-after-value = TOML 格式错误：值后面有多余的文本
err-after-value-help = 每个 `key = value` 单独占一行；删掉值后面的内容

## 课程整体（lesson/mod.rs、lesson/schema/mod.rs）。
err-lesson-too-large-help = 课程文件只放课程本身和少量数值；大量数值请放在旁边的文件里：样本写成 [data]，带 csv = "FILE.csv" 与 inputs = N；层的参数写成 weights = {"{"} npy = "FILE.npy" {"}"} 与 biases = {"{"} npy = "FILE.npy" {"}"}
err-lesson-path-help = 请给出 .toml 课程文件的路径
err-file-empty = 文件是空的
err-what-a-lesson-needs = 课程需要：带标题的 [lesson]，带 inputs 且至少有一个 [[network.layer]] 的 [network]，带损失函数与优化器的 [training]，以及 [[data]] 样本、从 CSV 文件读取的 [data] 或 [generate] 表
err-bundled-lessons = 内置课程有：{ $names }
err-and-then = { $first }；{ $then }
err-or-a-path = { $list }；也可以给出 .toml 文件的路径
err-owner-file = 文件
err-no-table = 文件中没有 [{ $key }] 表
err-only-applies = 只有 { $setting } 时才能用 `{ $key }`
err-remove-from = 从{ $owner }中删掉 `{ $key }`
err-the-default = { $value }（默认值）
err-low-below-high = `low` = { $low } 必须小于 `high` = { $high }
err-high-above-low = `high` = { $high } 必须大于 `low` = { $low }
err-uniform-help = 均匀分布在 low 到 high 之间取数

## [lesson]（lesson/schema/about.rs）。
err-lesson-section-help = 文件请以 [lesson] 开头，并写一行 title = "…"
err-title-help = 添加 title = "…"，它显示在开始画面上
err-title-empty = 标题是空的
err-title-empty-help = 给课程一个标题，它显示在开始画面上
err-no-text = `{ $key }` 没有给出文本
err-no-text-help = 写成 { $key } = {"{"} en = "…", zh = "…" {"}"}，或写一个字符串
err-control-in-text = `{ $key }` 含有控制字符 U+{ $code }，它会作用于终端而不是被显示出来
err-control-in-title-help = 标题是一行文本：删掉换行与控制字符
err-control-in-text-help = 删掉控制字符；换行与制表符没有问题

## init、[generate] 与 [training]（lesson/schema/init.rs、generate.rs、training.rs）。
err-kind-init-scheme = 初始化方案
err-kind-distribution = 分布
err-kind-loss = 损失函数
err-kind-optimizer = 优化器种类
err-kind-outputs = outputs 取值
err-kind-layer = 层种类
err-above-zero = `{ $key }` 必须大于 0，实际是 { $found }
err-unit-interval = `{ $key }` 必须不小于 0 且小于 1，实际是 { $found }
err-samples-help = 添加 samples = N，即要抽取的样本数
err-generated-target-help = 添加 target = […]，含 { $numbers }，它是每个样本的目标
err-the-target = 目标
err-cannot-draw-inputs = 无法从这个范围抽取输入：high − low 太大
err-cannot-draw-weights = 无法从这个范围抽取权重：high − low 太大
err-narrower-range = 请把 low 与 high 之间的范围缩小
err-training-section-help = 添加 [training]，写上 loss = "…" 与 optimizer = {"{"} kind = "sgd", learning_rate = 0.5 {"}"}
err-loss-help = 添加 loss = "…"，可选：{ $names }
err-optimizer-help = 添加 optimizer = {"{"} kind = "sgd", learning_rate = 0.5 {"}"}
err-optimizer-write = 写成 optimizer = {"{"} kind = "sgd", learning_rate = 0.5 {"}"}
err-owner-optimizer = 优化器
err-optimizer-kind-help = 添加 kind = "sgd"、kind = "adam" 或 kind = "adamw"
err-bce-needs-sigmoid = bce 需要 sigmoid 输出层，但第 { $l } 层用的是 { $uses }
err-bce-needs-sigmoid-help = 在第 { $l } 层设置 activation = "sigmoid"，或改用 loss = "mse"
err-ce-needs-softmax = cross_entropy 需要 softmax 输出层，但第 { $l } 层用的是 { $uses }
err-ce-needs-softmax-help = sigmoid 输出请用 bce，或在第 { $l } 层设置 activation = "softmax"
err-softmax-needs-ce = softmax 输出层需要 loss = "cross_entropy"，实际是 `{ $loss }`
err-softmax-needs-ce-help = softmax 与 cross_entropy 搭配，和 PyTorch 的 CrossEntropyLoss 一样

## [network] 与各层（lesson/schema/network.rs）。
err-network-section-help = 添加 [network]，写上 inputs = N，再为每一层写一个 [[network.layer]]
err-owner-layer = 第 { $l } 层
err-owner-layer-init = 第 { $l } 层的 init
err-tokens-shape = { $t } 个词元
err-tokens-not-inputs = 词元网络用 `vocabulary`，而不是 `inputs`
err-tokens-not-inputs-help = 删掉 `inputs`：嵌入层会把每个词元变成数值
err-vocabulary-needs-sequence = 词表需要 `sequence = T`，即每个样本的词元数
err-vocabulary-needs-sequence-help = 在 [network] 中添加 sequence = 4（举例）
err-inputs-help = 添加 inputs = N，即输入值的个数
err-input-too-large = 输入有 { $n } 个数，超过了上限 { $max }
err-input-too-large-help = 请用更小的输入
err-image-input-help = 图像输入写成 inputs = [channels, height, width]，例如 [1, 6, 6]
err-image-input-length = 数组形式的 `inputs` 表示图像的 [channels, height, width]，但它有 { $n } 个数
err-image-not-sequence = 图像输入不能同时是 `sequence`
err-image-not-sequence-help = 序列的特征写成 inputs = N，再加 sequence = T
err-input-channels = 输入的通道数
err-input-height = 输入的高度
err-input-width = 输入的宽度
err-an-array-of-tokens = 词元字符串的数组
err-vocabulary-size = 词表需要 2 到 { $max } 个词元，但这个词表有 { $n } 个
err-vocabulary-size-help = 列出数据用到的每个词元，例如 ["我", "爱", "学习", "。"]
err-bad-token = 词元必须是不含控制字符的非空字符串
err-bad-token-help = 把每个词元写成它所代表的文本，例如 "我"
err-token-twice = 词元 "{ $token }" 列出了两次
err-token-twice-help = 每个词元只列一次：它在列表中的位置就是它的 id
err-no-layers = 网络中没有层
err-no-layers-help = 每一层添加一个 [[network.layer]]，各自写上 neurons 与 activation
err-single-layer-table = 应为 [[network.layer]]（双层方括号：层的列表），实际是单个表
err-single-layer-table-help = 把每一层写成 [[network.layer]]
err-a-list-of-layers = 层的列表
err-too-many-layers = 网络有 { $n } 层，超过了上限 { $max }
err-layer-too-large = 第 { $l } 层输出 { $n } 个数（{ $shape }），超过了上限 { $max }
err-layer-too-large-help = 请用更小的层
err-too-many-parameters = 加上第 { $l } 层，网络共有 { $n } 个权重与偏置，超过了上限 { $max }
err-too-many-parameters-help = 请用更少或更小的层
err-residual-input = residual = 0 把输入（{ $added }）加到第 { $l } 层的输出（{ $output }）上，但两者的形状不同
err-residual-layer = residual = { $n } 把第 { $n } 层的输出（{ $added }）加到第 { $l } 层的输出（{ $output }）上，但两者的形状不同
err-residual-help = 残差连接只能加上形状相同的较早输出
err-weights-and-init = 第 { $l } 层同时给出了 `weights` 与 `init`
err-weights-and-init-help = 删掉 `init` 以保留这些权重，或删掉 `weights` 让它们随机抽取

## 计数（中文没有复数变化）。
err-n-numbers = { $n } 个数
err-n-rows = { $n } 行
err-n-columns = { $n } 列
err-n-neurons = { $n } 个神经元
err-n-inputs = { $n } 个输入
err-n-outputs = { $n } 个输出
err-n-entries = { $n } 个元素
err-n-tokens = { $n } 个词元
err-n-channels = { $n } 个通道
err-n-positions = { $n } 个位置
err-n-features = { $n } 个特征
err-n-hidden-units = { $n } 个隐藏单元
err-n-output-channels = { $n } 个输出通道
err-n-input-channels = { $n } 个输入通道
err-n-kernel-rows = { $n } 个卷积核行
err-n-kernel-columns = { $n } 个卷积核列
err-n-values = { $n } 个值
err-n-targets = { $n } 个目标值
err-n-bytes = { $n } 字节

## 层的权重与偏置、张量与轴（lesson/schema/layer.rs、tensor.rs）。
err-kind-activation = 激活函数
err-activation-help = 添加 activation = "…"，可选：{ $names }
err-softmax-hidden = softmax 只能用在输出层（第 { $depth } 层），但第 { $l } 层是隐藏层
err-softmax-hidden-help = 隐藏层请用 sigmoid、tanh、relu、leaky_relu 或 identity
err-softmax-single = 只有一个神经元的 softmax 总是输出 1，什么也学不到
err-softmax-single-help = 给输出层 2 个或更多神经元，或者用 sigmoid 搭配 loss = "bce"
err-neurons-help = 添加 neurons = N
err-weights-of-layer = 第 { $l } 层的权重
err-biases-of-layer = 第 { $l } 层的偏置
err-weights-help = 写成 weights = [[…], …]，每个神经元一行；或从 NumPy 文件读取：weights = {"{"} npy = "FILE.npy" {"}"}
err-weight-rows = 第 { $l } 层的权重有 { $rows }，但第 { $l } 层有 { $neurons }
err-weight-rows-help = 第 { $l } 层的权重每个神经元一行：{ $rows } 行，每行 { $cols } 个数
err-network-has = 网络有 { $inputs }
err-one-per-input = 每个输入一个
err-layer-has = 第 { $l } 层有 { $neurons }
err-one-per-neuron-of = 第 { $l } 层的每个神经元一个
err-weight-columns = 第 { $l } 层的权重有 { $columns }，但{ $below }
err-weight-row-length = 第 { $l } 层权重的第 { $row } 行有 { $numbers }，但{ $below }
err-weight-row-help = 第 { $l } 层权重的每一行应有 { $cols } 个数，{ $per }
err-a-row-of-numbers = 一行数（数组）
err-one-neuron-row = weights 是行的列表，每个神经元一行：只有一个神经元时写成 [[{ $row }]]
err-numbers-or-one = 数值数组或单个数值
err-bias-count = 第 { $l } 层的偏置有 { $numbers }，但第 { $l } 层有 { $neurons }
err-bias-count-help = 每个神经元一个偏置（{ $n } 个），或者用一个数表示全部偏置
err-axis-entry = 元素
err-axis-row = 行
err-axis-column = 列
err-axis-channel = 通道
err-axis-position = 位置
err-axis-feature = 特征
err-axis-output = 输出
err-axis-input = 输入
err-axis-hidden-unit = 隐藏单元
err-axis-output-channel = 输出通道
err-axis-input-channel = 输入通道
err-axis-kernel-row = 卷积核行
err-axis-kernel-column = 卷积核列
err-each-of = { $outer }，每个含 { $inner }
err-an-array-of-per = 含 { $n } 个元素的数组（每一{ $axis }一个）
err-nested-count = { $what }在这里有 { $entries }，但需要 { $n } 个（每一{ $axis }一个）
err-nested-help = { $what }是形状为 { $shape } 的嵌套数组：{ $axes }
err-flat-count = { $what }有 { $numbers }，但它的形状 { $shape } 需要 { $total } 个
err-flat-count-help = 把{ $what }写成形状为 { $shape } 的嵌套数组，或按行优先顺序平铺全部 { $total } 个数

## 样本（lesson/schema/data.rs）。
err-data-and-generate = 课程同时有 [[data]] 样本和 [generate] 表
err-data-and-generate-help = 只保留其中一个：写出的样本，或生成的样本
err-no-data = 课程没有训练数据
err-no-data-help = 添加带 input 与 target 的 [[data]] 样本、带 csv = "FILE.csv" 的 [data]，或 [generate] 表
err-too-much-data = { $samples } 个样本，每个 { $each } 个数，共 { $n } 个数，超过了上限 { $max }
err-fewer-samples = 请减少样本
err-too-many-samples = { $what }有 { $n } 个样本，超过了上限 { $max }
err-single-data-table = 应为 [[data]]（双层方括号：样本的列表），实际是单个表
err-single-data-table-help = 把每个样本写成带 input = […] 与 target = […] 的 [[data]]，或从 CSV 文件读取：带 csv = "FILE.csv" 与 inputs = N 的 [data]
err-a-list-of-samples = 样本的列表
err-data-empty = `data` 中没有样本
err-data-empty-help = 添加带 input = […] 与 target = […] 的 [[data]] 样本
err-owner-sample = 样本 { $s }
err-input-tokens-help = 添加 input = […]，含 { $n } 个词元
err-input-of-sample = 样本 { $s } 的输入
err-input-shape-help = 添加形状为 { $shape } 的 input = […]
err-target-help = 添加 target = […]，含 { $numbers }
err-target-of-sample = 样本 { $s } 的目标
err-input-help = 添加 input = […]，含 { $numbers }
err-input-length = { $what }有 { $numbers }，但网络有 { $inputs }
err-input-length-help = 每个输入给出 { $numbers }，网络的每个输入一个
err-token-count = { $what }有 { $tokens }，但网络读取的序列长度为 { $len }
err-token-count-help = 给出 { $len } 个词元，每个位置一个
err-not-in-vocabulary = { $what }中的 "{ $token }" 不在词表中
err-not-in-vocabulary-help = 请用词表中的词元：{ $tokens }
err-target-tokens = { $what }写成了词元，但输出层每个位置有 { $numbers }，而不是词表中每个词元一个（{ $size } 个）
err-target-tokens-help = 让输出层的 neurons 等于词表的大小
err-target-length = { $what }有 { $numbers }，但输出层（第 { $l } 层）有 { $neurons }
err-target-length-help = 每个目标给出 { $numbers }，每个输出神经元一个
err-bce-target = { $what }中有 { $value }，但 bce 的目标是概率：每个都必须在 0 与 1 之间
err-bce-target-help = 目标超出 [0, 1] 时请用 mse 或 half_sse
err-ce-target = { $what }中有 { $value }，但 cross_entropy 的目标是概率：每个都必须在 0 与 1 之间
err-ce-target-help = 给出类别概率，例如 [0.0, 1.0, 0.0] 这样的独热目标
err-target-sum = { $what }之和为 { $sum }，但 cross_entropy 的目标之和必须为 1
err-target-sum-help = 用 [0.0, 1.0, 0.0] 这样的独热目标，或加起来为 1 的概率

## 各种层（src/layers/*：schema.rs，以及 mod.rs、window.rs、lora.rs 中的读取）。
err-key-of-layer = 第 { $l } 层的 { $key }
err-kernel-too-large = 第 { $l } 层的 { $kernel } 卷积核比它的 { $input } 输入还大
err-kernel-too-large-padded = 第 { $l } 层的 { $kernel } 卷积核比它加上填充后的 { $input } 输入还大
err-kernel-too-large-help = 用更小的卷积核，或给输入加填充（padding = 1）
err-channels-help = 添加 channels = N，即特征图的个数（out_channels）
err-gets-vector = 含 { $n } 个数的向量
err-gets-sequence = { $t } 个位置、每个位置 { $f } 个特征的序列
err-image-layer-first-help = 给网络一个图像输入：inputs = [channels, height, width]
err-image-layer-help = 把它放在 flatten 层之前，或给网络一个图像输入
err-takes-an-image = { $kind } 层接受图像（通道 × 高 × 宽），但第 { $l } 层得到的是{ $got }
err-dense-image = 全连接层接受向量，但第 { $l } 层得到的是 { $image } 的图像
err-dense-image-help = 在它前面加一个 kind = "flatten" 的层
err-dense-tokens = 全连接层接受数值，但第 { $l } 层得到的是词元
err-embedding-first-help = 先放一个 kind = "embedding" 的层
err-lora-of-layer = 第 { $l } 层的 lora.{ $part }
err-window-too-large = 第 { $l } 层的 { $kernel } 窗口比它的 { $input } 输入还大
err-window-too-large-help = 用更小的 kernel
err-hidden-help = 添加 hidden = N，即隐藏单元的个数
err-recurrent-vector-input = { $kind } 层读取序列，但网络的输入是向量
err-recurrent-vector-input-help = 在 [network] 中 inputs = F 旁边写上 sequence = T：每个样本的输入就是 T 步，每步 F 个数
err-recurrent-vector = { $kind } 层读取序列，但第 { $below } 层输出的是含 { $n } 个数的向量
err-recurrent-vector-help = 让它下面的循环层用 outputs = "all" 给出每一步
err-recurrent-image = { $kind } 层读取序列，但第 { $l } 层得到的是 { $image } 的图像
err-recurrent-image-help = 在 [network] 中写 inputs = F 与 sequence = T
err-recurrent-tokens = { $kind } 层读取数值，但第 { $l } 层得到的是词元
err-layer-lacks = 第 { $l } 层没有 `{ $key }`
err-window-key-help = 添加 { $key } = 3（或 [rows, columns]）
err-window-pair = 数组形式的 { $name } 是 [rows, columns]，但它有 { $n } 个数
err-window-pair-help = 写成 { $key } = 3，或用 { $key } = [3, 3] 分别给出行与列
err-lora-owner = 第 { $l } 层的 lora
err-rank-help = 添加 rank = R，即适配器的秩（例如 2）
err-alpha-positive = `alpha` 必须是大于 0 的数
err-alpha-positive-help = 低秩路径按 alpha/rank 缩放
err-attention-not-sequence = 注意力关联序列中的各个位置，但第 { $l } 层得到的是 { $got }
err-attention-not-sequence-help = 把它用在序列上：放在嵌入层或层归一化之后
err-heads-divide = { $heads } 个头不能整除第 { $l } 层输入的 { $d } 个特征
err-heads-divide-help = 每个头取 dim/heads 个特征：选一个能整除 dim 的 heads
err-embedding-not-tokens = 嵌入层把词元变成数值，但第 { $l } 层得到的是 { $got }
err-embedding-not-tokens-help = 把嵌入层放在最前面，用在带 `vocabulary` 的网络上
err-dim-help = 添加 dim = N，即每个词元的特征数
err-positions-of-layer = 第 { $l } 层的位置（每个位置一行）
err-embeddings-of-layer = 第 { $l } 层的权重（每个词元一行）
err-norm-not-sequence = 层归一化对序列的每个位置做归一化，但第 { $l } 层得到的是 { $got }
err-norm-not-sequence-help = 把它用在序列上：放在嵌入层之后，或用在 inputs = N 加 sequence = T 上
err-epsilon-positive = `epsilon` 必须大于 0
err-epsilon-positive-help = PyTorch 的默认值是 1e-5
err-gamma-of-layer = 第 { $l } 层的权重 γ
err-beta-of-layer = 第 { $l } 层的偏置 β

## [grading]（lesson/schema/grading.rs）。
err-precision-help = 写 significant_figures = 3（0.593 有 3 位）或 decimals = 2（0.59 有 2 位）
err-marks-help = 写 marks = 2（每个答案），或 marks = {"{"} backward = 2, dw = 1, "loss" = 3 {"}"}，按阶段（forward、loss、backward、update）、数的种类（z、a、delta、dw、w、m…）或步给分
err-grading-says-nothing = [grading] 既没有 `significant_figures` 也没有 `decimals`
err-grading-both = [grading] 同时设置了 `significant_figures` 与 `decimals`
err-grading-both-help = 只保留其中一个：精度只按一种方式计算
err-share = `{ $key }` 是 { $x }，但得分比例应在 0 到 1 之间
err-share-help = 写 { $key } = 0.5 表示得一半分，1 表示得全分，0 表示不得分
err-marks-range = { $what }：{ $x } 分，但分值应在 0 到 { $max } 之间
err-marks-key = `marks` 中的 `{ $name }` 既不是阶段、数的种类，也不是步名

## 从 CSV 文件读取的 [data]（lesson/schema/csv）。
err-csv-too-large-help = 一个数据集最多有 50,000,000 个数
err-csv-path-help = 请给出 CSV 文件的路径，每行一个样本
err-relative-to-lesson = 路径相对于课程文件所在的目录
err-csv-sample-help = 每行写一个样本：先是它的输入，再是它的目标
err-csv-help = 添加 csv = "FILE.csv"，即每行一个样本的文件
err-for-csv-path = `csv`（CSV 文件的路径）
err-csv-path-empty = CSV 文件的路径是空的
err-csv-path-empty-help = 写成 csv = "FILE.csv"，即每行一个样本的文件
err-csv-only-header = 文件中没有样本（只有表头行）
err-csv-no-samples = 文件中没有样本
err-csv-inputs-help = 添加 inputs = { $n }：每行的前 { $n } 列是输入，其余是目标
err-csv-inputs = `inputs` 是 { $n }，但网络有 { $inputs }
err-csv-inputs-image = `inputs` 是 { $n }，但网络有 { $inputs }（{ $image } 的图像，按行优先顺序平铺）
err-csv-inputs-write = 写成 inputs = { $n }：每行的前几列是样本的输入，网络的每个输入一列
err-in-file = { $file }：{ $message }
err-csv-line-too-long = 第 { $line } 行超过了 { $limit }，比含 { $numbers } 的一行所需的还长
err-csv-nul = 文件含有 NUL 字节：这看起来是二进制文件，而不是 CSV 文本
err-csv-nul-help = CSV 数据文件是文本：每行一个样本，数之间用逗号分隔
err-csv-bad-byte = 文件不是 UTF-8 文本：字节 0x{ $byte } 不属于任何字符
err-csv-bad-byte-help = 请把文件存为 UTF-8 文本
err-csv-unclosed-quote = 这个引号在本行没有闭合
err-csv-unclosed-quote-help = 在数后面闭合引号，或去掉引号：数不需要引号
err-csv-header-width = 表头有 { $columns }，但每行需要 { $per_line } 列：{ $inputs }（inputs = { $n }）和 { $targets }
err-csv-header-width-help = 给这 { $per_line } 列各起一个名字；如果第一行是样本，写 header = false
err-csv-too-many-samples = 这是第 { $n } 个样本，超过了上限 { $max }
err-csv-too-much-data = 加上这一行，数据超过了 { $max } 个数的上限
err-csv-nan = 出现了 `{ $literal }`（不是数），但课程中的每个数都必须是有限数
err-csv-infinite = 出现了 `{ $literal }`（无穷大），但课程中的每个数都必须是有限数
err-csv-line-count = 第 { $line } 行有 { $values }，但每行需要 { $per_line } 个：{ $inputs }（inputs = { $n }）和 { $targets }（每个输出神经元一个）
err-csv-semicolons = 用逗号分隔各个值，而不是分号
err-csv-line-count-help = 每个样本单独一行：先 { $n } 个数，再 { $targets }
err-decimal-point = 数用小数点：{ $fixed }
err-csv-header-help = 如果第一行是各列的名称，请在 [data] 中添加 header = true
err-an-empty-value = 空值
err-csv-not-a-number = 应为数值，实际是{ $found }
err-target-on-line = 第 { $line } 行的目标

## 从 .npy 文件读取的张量（lesson/schema/npy）。
err-npy-too-large-help = 一个网络最多有 20,000,000 个权重与偏置，每个 8 字节
err-npy-path-help = 请给出由 numpy.save 保存的 .npy 文件的路径
err-npy-cannot-read = 无法读取：{ $error }
err-npy-table-for = { $what }的表
err-npy-help = 写成 {"{"} npy = "FILE.npy" {"}"}，即由 numpy.save 保存的文件
err-for-npy-path = `npy`（.npy 文件的路径）
err-npy-path-empty = .npy 文件的路径是空的
err-npy-path-empty-help = 写成 npy = "FILE.npy"，即由 numpy.save 保存的文件
err-npy-truncated = 文件不完整：应有 { $count } 个数，但读到第 { $got } 个数之后就结束了
err-npy-save-again = 请用 numpy.save 重新保存这个数组
err-npy-grew = 读取期间文件变大了
err-npy-grew-help = 等它写完后再读一次
err-npy-holds = 文件中是{ $holds }
err-npy-bad-dtype = 它的文件头中的 dtype { $dtype } 不是 NumPy 的 dtype
err-npy-records = 文件中是含多个字段的记录
err-npy-not-float64 = { $problem }，但课程的参数必须是 float64（dtype '<f8'）
err-npy-convert-help = 在 NumPy 中转换：numpy.save("FILE.npy", array.astype(numpy.float64))
err-npy-sized = { $kind } 数
err-npy-own-order = 采用另一种字节序的 float64 数
err-npy-booleans = 布尔值
err-npy-text = 文本
err-npy-bytes = 字节串
err-npy-objects = Python 对象
err-npy-dates = 日期
err-npy-time-spans = 时间间隔
err-npy-raw-bytes = 原始字节
err-npy-dtype-words = { $words }（dtype { $dtype }）
err-npy-matrix-shape = 形状 { $shape }：神经元数 × 输入数
err-npy-vector-shape = 形状 { $shape }：每个神经元一个
err-npy-shape-of = 形状 { $shape }
err-npy-transposed = 它看起来是转置的：请保存 array.T，或 PyTorch 的 layer.weight，它的形状是神经元数 × 输入数
err-npy-ravel = 把它存成一维数组：numpy.save("FILE.npy", array.ravel())
err-npy-wrong-shape = 文件中的数组形状为 { $found }，但{ $what }必须是{ $wanted }
err-npy-short = 文件不完整：它的文件头说有 { $count } 个 float64 数（{ $bytes } 字节），但后面只有 { $follow }
err-npy-long = 文件在它的 { $numbers }之后还有 { $extra }
err-npy-nan = 文件在下标 [{ $place }] 处是 NaN，但课程中的每个数都必须是有限数
err-npy-infinite = 文件在下标 [{ $place }] 处是无穷大，但课程中的每个数都必须是有限数
err-npy-the-number = 数 { $n }
err-npy-empty-tuple = 空元组
err-npy-other-tuple = 含其他内容的元组
err-npy-a-list = 列表
err-npy-a-dictionary = 字典
err-npy-end-of-header = 文件头的结尾
err-npy-a-value = 一个值
err-npy-colon = 键后面的 `:`
err-npy-comma-brace = `,` 或 `{"}"}`
err-npy-comma-paren = `,` 或 `)`
err-npy-comma-bracket = `,` 或 `]`
err-npy-end-of-string = 字符串的结尾
err-npy-a-python-value = 一个值（字符串、数、True、False 或元组）
err-npy-not-npy = 这不是 NumPy .npy 文件（它不以 \x93NUMPY 开头）
err-npy-version = 不支持 .npy 格式版本 { $v }（只支持 1、2 和 3）
err-npy-truncated-header = 文件在文件头中间就结束了
err-npy-header-too-long = 它的文件头长 { $n } 字节，超过了 NumPy 数组所需的 { $max } 字节
err-npy-header-not-text = 它的文件头不是文本：其中第 { $at } 个字节不属于任何字符
err-npy-too-deep = 它的文件头不是对数组的描述
err-npy-syntax = 无法读取它的文件头：在第 { $at } 个字符处，应为{ $expected }，实际是{ $found }
err-npy-not-dict = 它的文件头是{ $found }，而不是含 'descr'、'fortran_order' 与 'shape' 的字典
err-npy-unknown-key-near = 它的文件头中有未知的键 { $key }；你是不是想写 '{ $near }'？
err-npy-unknown-key = 它的文件头中有未知的键 { $key }（文件头只有 'descr'、'fortran_order' 与 'shape'）
err-npy-duplicate = 它的文件头给出了两次 '{ $key }'
err-npy-missing = 它的文件头中没有 '{ $key }'
err-npy-descr = 它的文件头中的 'descr' 是{ $found }，而不是 '<f8' 这样的 dtype
err-npy-order = 它的文件头中的 'fortran_order' 是{ $found }，而不是 True 或 False
err-npy-shape = 它的文件头中的 'shape' 是{ $found }，而不是 (3, 2) 这样的整数元组
